package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.FlashsaleSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * One Redis connection per container, built at start-up (Lettuce multiplexes every thread over it). Cluster mode
 * for ElastiCache Serverless, TLS from a {@code rediss://} URL, and IAM authentication with a fresh SigV4 token
 * whenever a connection authenticates.
 */
@Factory
@Requires(property = "flashsale.stock-backend", value = "redis")
public class RedisClientFactory {


    @Singleton
    @Bean(preDestroy = "close")
    RedisConnection redisConnection(FlashsaleSettings settings) {
        if (settings.getRedisUrl() == null) {
            throw new ConfigurationException("FLASHSALE_REDIS_URL is required when FLASHSALE_STOCK_BACKEND=redis");
        }
        // Short enough that a stalled cache fails a request fast (503, retried) instead of holding a container.
        Duration timeout = Duration.ofMillis(settings.getRedisTimeoutMillis());
        RedisURI uri = RedisURI.create(settings.getRedisUrl());
        uri.setTimeout(timeout);
        if ("iam".equals(settings.getRedisAuth())) {
            ElastiCacheIamToken tokens = new ElastiCacheIamToken(settings.getRedisUser(), settings.getRedisCacheName());
            uri.setCredentialsProvider(RedisCredentialsProvider.from(
                    () -> RedisCredentials.just(settings.getRedisUser(), tokens.next())));
        }
        SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build();
        if (settings.isRedisCluster()) {
            RedisClusterClient client = RedisClusterClient.create(uri);
            client.setOptions(ClusterClientOptions.builder()
                    .socketOptions(socket)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .build());
            var connection = client.connect();
            return new RedisConnection(connection.sync(), () -> {
                connection.close();
                client.shutdown();
            });
        }
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(socket)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        var connection = client.connect();
        RedisClusterCommands<String, String> commands = connection.sync();
        return new RedisConnection(commands, () -> {
            connection.close();
            client.shutdown();
        });
    }
}
