package dev.flashsale.core.guard;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A container's own overload protection, beyond the gateway's throttle: it refuses new work, before touching
 * stock, while too many requests are in flight or while the stock store answers slowly (an exponentially
 * weighted average of its latency, which decays when no calls are made so that the container recovers).
 */
public final class LoadShedder {

    private static final double WEIGHT = 0.2;
    private static final double HALF_LIFE_NANOS = 1e9;

    private final int maxInFlight;
    private final long maxLatencyNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongSupplier nanoTime;
    private double averageNanos;
    private long averagedAtNanos;

    public LoadShedder(int maxInFlight, long maxLatencyMillis) {
        this(maxInFlight, maxLatencyMillis, System::nanoTime);
    }

    /** With the monotonic time the decay reads, so that a test moves it rather than waits for it. */
    public LoadShedder(int maxInFlight, long maxLatencyMillis, LongSupplier nanoTime) {
        this.maxInFlight = maxInFlight;
        this.maxLatencyNanos = maxLatencyMillis * 1_000_000L;
        this.nanoTime = nanoTime;
        this.averagedAtNanos = nanoTime.getAsLong();
    }

    /** Starts a request unless the container is overloaded; a started request must be {@link #finish}ed. */
    public boolean tryStart() {
        if (inFlight.incrementAndGet() > maxInFlight || latency() > maxLatencyNanos) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    public void finish() {
        inFlight.decrementAndGet();
    }

    /**
     * The monotonic time this shedder's average is on: a call to the stock store is timed on it too, so that a
     * test or a local stack that holds the time holds the measured latency with it (never the machine's pace).
     */
    public long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** Records how long one call to the stock store took. */
    public synchronized void recordDownstream(long nanos) {
        decay(nanoTime.getAsLong());
        averageNanos = averageNanos == 0 ? nanos : averageNanos * (1 - WEIGHT) + nanos * WEIGHT;
    }

    /** Past half its limits: busy enough for a sale whose challenge is {@code on-under-load}. */
    public boolean isUnderLoad() {
        return inFlight.get() > maxInFlight / 2 || latency() > maxLatencyNanos / 2;
    }

    private synchronized double latency() {
        decay(nanoTime.getAsLong());
        return averageNanos;
    }

    private void decay(long now) {
        long elapsed = now - averagedAtNanos;
        if (elapsed > 0) {
            averageNanos *= Math.pow(0.5, elapsed / HALF_LIFE_NANOS);
            averagedAtNanos = now;
        }
    }
}
