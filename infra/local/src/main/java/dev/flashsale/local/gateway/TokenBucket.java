package dev.flashsale.local.gateway;

/**
 * API Gateway's throttle: a bucket of {@code burst} tokens refilled at {@code ratePerSecond}; a request takes one
 * token or is refused.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, int burst) {
        if (ratePerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    public synchronized boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whole seconds until a token is back (at least 1), for {@code Retry-After}. */
    public synchronized long secondsUntilNextToken(long nowNanos) {
        refill(nowNanos);
        double missing = Math.max(0, 1 - tokens);
        return Math.max(1, (long) Math.ceil(missing / ratePerNano / 1e9));
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
