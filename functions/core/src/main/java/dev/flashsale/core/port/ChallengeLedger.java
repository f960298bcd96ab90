package dev.flashsale.core.port;

import java.time.Instant;

/** Remembers which challenges were used, shared by every container, until they would have expired anyway. */
public interface ChallengeLedger {

    /** True for the first use of a challenge id, false for any later one. */
    boolean consume(String challengeId, Instant expiresAt);
}
