package dev.flashsale.core.fakes;

import dev.flashsale.core.port.ChallengeLedger;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Used challenge ids in memory: the first use of an id passes, any later one does not. */
public final class InMemoryChallengeLedger implements ChallengeLedger {

    private final Set<String> used = ConcurrentHashMap.newKeySet();

    @Override
    public boolean consume(String challengeId, Instant expiresAt) {
        return used.add(challengeId);
    }

    public boolean isUsed(String challengeId) {
        return used.contains(challengeId);
    }
}
