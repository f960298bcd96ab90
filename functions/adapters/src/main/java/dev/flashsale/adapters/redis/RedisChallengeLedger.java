package dev.flashsale.adapters.redis;

import dev.flashsale.core.port.ChallengeLedger;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Instant;

/** Used challenges: {@code SET NX} per challenge id, expiring when the challenge would have. */
@Singleton
@Requires(property = "flashsale.stock-backend", value = "redis")
public class RedisChallengeLedger implements ChallengeLedger {

    private final RedisClusterCommands<String, String> redis;

    public RedisChallengeLedger(RedisConnection connection) {
        this.redis = connection.commands();
    }

    @Override
    public boolean consume(String challengeId, Instant expiresAt) {
        String set = redis.set("challenge:" + challengeId, "1",
                SetArgs.Builder.nx().pxAt(expiresAt.plusSeconds(60).toEpochMilli()));
        return "OK".equals(set);
    }
}
