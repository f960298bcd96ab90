package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.RedisBackend;
import dev.flashsale.core.port.RateLimiter;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Instant;

/** Token buckets in Redis: one key per bucket, one atomic script per request. */
@Singleton
@RedisBackend
public class RedisRateLimiter implements RateLimiter {

    private static final LuaScript RATE = new LuaScript("/redis/rate.lua");

    private final RedisClusterCommands<String, String> redis;

    public RedisRateLimiter(RedisConnection connection) {
        this.redis = connection.commands();
    }

    @Override
    public Decision tryAcquire(String key, int perSecond, Instant now) {
        double interval = 1000.0 / perSecond;
        Long wait = RATE.run(redis, ScriptOutputType.INTEGER, new String[]{"rate:{" + key + "}"},
                Long.toString(now.toEpochMilli()), Double.toString(interval),
                Double.toString(interval * (perSecond - 1)));
        return wait == null || wait == 0 ? Decision.ALLOWED : new Decision(false, wait);
    }
}
