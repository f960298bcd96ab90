package dev.flashsale.local.cloud.dynamodb;

import java.time.InstantSource;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The meter: write and read units a second per partition key value ({@link Partition}), against {@link KeyLimits}.
 * A request is admitted when every partition it touches stays within its limit this second with the request's
 * units added, and is then charged; a refused one (a throttle) is charged nothing, as DynamoDB charges nothing
 * for a throttled request, and counted. The second is the clock's, so a test drives a burst inside one second
 * with a fixed clock.
 *
 * <p>Adaptive capacity, simplified: every key value is taken to be alone on its partition already (DynamoDB's
 * "isolate frequently accessed items" at its most generous), so the limit is per key value, never shared by several
 * values; and a key value is never split by its sort key (true of a rising sort key such as {@code reservedAt},
 * stricter than AWS for others); burst capacity (unused units kept up to 5 minutes) is not modelled.
 */
public final class KeyThroughput {

    /** What a refused request went over. */
    public record Throttle(Partition partition, boolean write) {
    }

    private final KeyLimits limits;
    private final InstantSource clock;
    private long second = Long.MIN_VALUE;
    /** This second's units per partition: {write, read}. */
    private final Map<Partition, double[]> used = new HashMap<>();
    private final Map<Partition, Long> throttles = new HashMap<>();
    private final Map<Partition, double[]> peaks = new HashMap<>();

    public KeyThroughput(KeyLimits limits, InstantSource clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Charges {@code units} if every partition stays within its limit; else the partition it would go over. */
    public synchronized Optional<Throttle> admit(Units units) {
        roll();
        for (Map.Entry<Partition, double[]> entry : units.byPartition().entrySet()) {
            double[] now = used.getOrDefault(entry.getKey(), new double[2]);
            boolean write = entry.getValue()[0] > 0 && now[0] + entry.getValue()[0] > limits.writeUnitsPerSecond();
            boolean read = entry.getValue()[1] > 0 && now[1] + entry.getValue()[1] > limits.readUnitsPerSecond();
            if (write || read) {
                throttles.merge(entry.getKey(), 1L, Long::sum);
                return Optional.of(new Throttle(entry.getKey(), write));
            }
        }
        add(units);
        return Optional.empty();
    }

    /** Adds what an admitted request turned out to cost beyond its estimate (or takes back what it did not). */
    public synchronized void settle(Units estimate, Units actual) {
        roll();
        add(actual.minus(estimate));
    }

    private void add(Units units) {
        units.byPartition().forEach((partition, u) -> {
            double[] now = used.computeIfAbsent(partition, p -> new double[2]);
            now[0] = Math.max(0, now[0] + u[0]);
            now[1] = Math.max(0, now[1] + u[1]);
            double[] peak = peaks.computeIfAbsent(partition, p -> new double[2]);
            peak[0] = Math.max(peak[0], now[0]);
            peak[1] = Math.max(peak[1], now[1]);
        });
    }

    private void roll() {
        long current = clock.instant().getEpochSecond();
        if (current != second) {
            second = current;
            used.clear();
        }
    }

    /** Requests refused for {@code partition} since the start. */
    public synchronized long throttles(Partition partition) {
        return throttles.getOrDefault(partition, 0L);
    }

    /** Refused requests by partition since the start (the SDK retries them, so the caller may never see one). */
    public synchronized Map<Partition, Long> throttles() {
        return Collections.unmodifiableMap(new HashMap<>(throttles));
    }

    /** The most write units {@code partition} took in any one second. */
    public synchronized double peakWriteUnits(Partition partition) {
        double[] peak = peaks.get(partition);
        return peak == null ? 0 : peak[0];
    }

    /** The most read units {@code partition} took in any one second. */
    public synchronized double peakReadUnits(Partition partition) {
        double[] peak = peaks.get(partition);
        return peak == null ? 0 : peak[1];
    }

    /** Every partition's peak write units in one second. */
    public synchronized Map<Partition, Double> peakWriteUnits() {
        Map<Partition, Double> out = new HashMap<>();
        peaks.forEach((p, u) -> out.put(p, u[0]));
        return out;
    }
}
