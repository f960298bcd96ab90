package dev.flashsale.core.fakes;

import dev.flashsale.core.port.RateLimiter;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Allows every key except the ones told to refuse, which get a one-second wait; nothing kept per request. */
public final class InMemoryRateLimiter implements RateLimiter {

    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    public void refuse(String key) {
        refused.add(key);
    }

    @Override
    public Decision tryAcquire(String key, int perSecond, Instant now) {
        return refused.contains(key) ? new Decision(false, 1) : Decision.ALLOWED;
    }
}
