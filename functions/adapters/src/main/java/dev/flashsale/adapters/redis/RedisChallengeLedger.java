package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.RedisBackend;
import dev.flashsale.adapters.snapstart.RestorableRandom;
import dev.flashsale.core.port.ChallengeLedger;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * Used challenges: {@code SET NX} per challenge id, expiring when the challenge would have. The value is a token
 * of this use, so that a command the client sent again after a reconnect is recognised as the same use.
 */
@Singleton
@RedisBackend
public class RedisChallengeLedger implements ChallengeLedger {

    private final RedisClusterCommands<String, String> redis;

    private final RestorableRandom random;

    public RedisChallengeLedger(RedisConnection connection, RestorableRandom random) {
        this.redis = connection.commands();
        this.random = random;
    }

    @Override
    public boolean consume(String challengeId, Instant expiresAt) {
        String key = "challenge:" + challengeId;
        String use = Long.toHexString(random.nextLong());
        String set = redis.set(key, use, SetArgs.Builder.nx().pxAt(expiresAt.plusSeconds(60).toEpochMilli()));
        return "OK".equals(set) || use.equals(redis.get(key));
    }
}
