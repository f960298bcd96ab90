package dev.flashsale.local.functions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock every function of a local stack reads: the machine's, moved forward when a run says time has passed.
 * A fault run that needs a payment window to end jumps over it instead of sleeping through it, and a test may hold
 * it still; the functions all see the same moment, as Lambda's synchronised clocks do (the gateway and the shoppers keep the machine's).
 */
public final class StackClock extends Clock {

    private static final long NOT_HELD = Long.MIN_VALUE;

    // Written under the lock, read without it: the functions read the time on every request.
    private volatile long aheadMillis;
    private volatile long heldAt = NOT_HELD; // while held, the one moment every function reads
    // The functions' monotonic time, moved and held with the wall clock.
    private volatile long aheadNanos;
    private volatile long heldNanos = NOT_HELD;

    /** Moves every function's time forward by {@code by}; never backward. */
    public synchronized void jump(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock jump goes forward: " + by);
        }
        if (heldAt != NOT_HELD) {
            heldAt += by.toMillis();
            heldNanos += by.toNanos();
        } else {
            aheadMillis += by.toMillis();
            aheadNanos += by.toNanos();
        }
    }

    /**
     * Stops the functions' time where it is until the answer is closed (it then runs on from that moment): a test
     * of how fast a shopper answered, or of a rate, then depends on the jumps it makes, not on the machine's pace.
     */
    public synchronized AutoCloseable hold() {
        if (heldAt != NOT_HELD) {
            throw new IllegalStateException("the clock is held already");
        }
        heldAt = System.currentTimeMillis() + aheadMillis;
        heldNanos = System.nanoTime() + aheadNanos;
        return this::resume;
    }

    private synchronized void resume() {
        aheadMillis = heldAt - System.currentTimeMillis();
        aheadNanos = heldNanos - System.nanoTime();
        heldAt = NOT_HELD;
        heldNanos = NOT_HELD;
    }

    /**
     * The functions' monotonic time (their {@code Ticker}, what a container times its store calls on): the
     * machine's, moved by the jumps and standing still while the clock is held, so that a held run's measured
     * latencies are the jumps it makes, not this machine's pace.
     */
    public long nanos() {
        long held = heldNanos;
        return held != NOT_HELD ? held : System.nanoTime() + aheadNanos;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        long held = heldAt;
        return held != NOT_HELD ? held : System.currentTimeMillis() + aheadMillis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!zone.equals(ZoneOffset.UTC)) {
            throw new UnsupportedOperationException("the functions' clock is UTC");
        }
        return this;
    }
}
