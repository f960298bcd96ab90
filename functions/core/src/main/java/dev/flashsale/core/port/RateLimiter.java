package dev.flashsale.core.port;

import java.time.Instant;

/**
 * Token buckets shared by every admission container: {@code perSecond} tokens a second, as many in the bucket at
 * most, one per request.
 */
public interface RateLimiter {

    record Decision(boolean allowed, long retryAfterSeconds) {
        public static final Decision ALLOWED = new Decision(true, 0);
    }

    Decision tryAcquire(String key, int perSecond, Instant now);
}
