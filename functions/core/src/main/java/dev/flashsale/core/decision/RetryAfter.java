package dev.flashsale.core.decision;

import java.time.Duration;
import java.time.Instant;

/** The {@code Retry-After} of a refusal that names a moment: whole seconds until then, rounded up, at least one. */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static long secondsUntil(Instant now, Instant then) {
        return Math.max(1, (Duration.between(now, then).toMillis() + 999) / 1000);
    }
}
