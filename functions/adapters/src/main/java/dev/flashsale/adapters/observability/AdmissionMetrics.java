package dev.flashsale.adapters.observability;

import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.port.AdmissionEvents;
import jakarta.inject.Singleton;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admission outcomes as CloudWatch metrics (embedded metric format: {@code Admitted}, and {@code Refusals} per
 * reason, aggregated in the container, written at least once a second while it is busy and at the end of every
 * invocation, {@link #flushNow}: Lambda may freeze a container after any invocation and never thaw it, so nothing
 * is held back past one) and one log line per refusal. Logs
 * never carry a user id or an address in clear: they are keyed hashes, enough to follow one client across lines.
 */
@Singleton
public class AdmissionMetrics implements AdmissionEvents {

    private static final long FLUSH_EVERY_NANOS = 1_000_000_000L;

    private final JsonLines lines;
    private final KeyedHash keyedHash;
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile long lastFlushNanos = System.nanoTime();

    public AdmissionMetrics(JsonLines lines, KeyedHash keyedHash) {
        this.lines = lines;
        this.keyedHash = keyedHash;
    }

    @Override
    public void admitted(String saleId) {
        count("ADMITTED");
    }

    @Override
    public void refused(Refusal refusal, String saleId, String userId, String clientAddress) {
        count(refusal.name());
        Map<String, Object> fields = new LinkedHashMap<>(); // values may be null: not Map.of
        fields.put("reason", refusal.name());
        fields.put("sale", saleId);
        fields.put("user", pseudonym(userId));
        fields.put("client", pseudonym(clientAddress));
        lines.log("INFO", "refused", fields);
    }

    /** A keyed hash: stable for one value, useless to someone without the secret. */
    String pseudonym(String value) {
        if (value == null) {
            return null;
        }
        return HexFormat.of().formatHex(keyedHash.mac("log\n" + value), 0, 6);
    }

    private void count(String outcome) {
        counts.computeIfAbsent(outcome, o -> new LongAdder()).increment();
        long now = System.nanoTime();
        if (now - lastFlushNanos >= FLUSH_EVERY_NANOS) {
            flush(now);
        }
    }

    /** Writes what was counted and not yet written: the end of an invocation. */
    public void flushNow() {
        flush(System.nanoTime());
    }

    /** Writes one EMF line per outcome seen since the last flush. */
    public synchronized void flush(long now) {
        lastFlushNanos = now;
        counts.forEach((outcome, adder) -> {
            long value = adder.sumThenReset();
            if (value == 0) {
                return;
            }
            boolean admitted = outcome.equals("ADMITTED");
            String metric = admitted ? "Admitted" : "Refusals";
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("_aws", JsonLines.metricsBlock(admitted ? List.of("Service") : List.of("Service", "Reason"),
                    List.of(metric)));
            line.put("Service", "admission");
            if (!admitted) {
                line.put("Reason", outcome);
            }
            line.put(metric, value);
            lines.write(line);
        });
    }
}
