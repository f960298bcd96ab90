package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.RedisBackend;
import dev.flashsale.core.port.BotSignals;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Instant;

/** Bot signals per subject and minute: a counter key per window that expires with it. */
@Singleton
@RedisBackend
public class RedisBotSignals implements BotSignals {

    private static final long WINDOW_SECONDS = 60;

    private final RedisClusterCommands<String, String> redis;

    public RedisBotSignals(RedisConnection connection) {
        this.redis = connection.commands();
    }

    @Override
    public long record(String subject, Instant now) {
        long window = now.getEpochSecond() / WINDOW_SECONDS;
        String key = "signal:{" + subject + "}:" + window;
        long count = redis.incr(key);
        if (count == 1) {
            redis.expire(key, 2 * WINDOW_SECONDS);
        }
        return count;
    }
}
