package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.config.RedisBackend;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * One Redis connection per container, built at start-up (Lettuce multiplexes every thread over it), re-opened
 * after a SnapStart restore ({@link RedisConnection}). Cluster mode for ElastiCache Serverless, TLS from a
 * {@code rediss://} URL, and the cache's user: with IAM authentication a fresh SigV4 token whenever a connection
 * authenticates, or a password where there is no IAM (the local stack).
 */
@Factory
@RedisBackend
public class RedisClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    RedisConnection redisConnection(FlashsaleSettings settings) {
        if (settings.getRedisUrl() == null) {
            throw new ConfigurationException("FLASHSALE_REDIS_URL is required when FLASHSALE_STOCK_BACKEND=redis");
        }
        RedisURI uri = uri(settings);
        return new RedisConnection(() -> settings.isRedisCluster() ? openCluster(uri, settings) : open(uri, settings));
    }

    private static RedisURI uri(FlashsaleSettings settings) {
        RedisURI uri = RedisURI.create(settings.getRedisUrl());
        uri.setTimeout(timeout(settings));
        switch (settings.getRedisAuth()) {
            case IAM -> {
                ElastiCacheIamToken tokens = new ElastiCacheIamToken(settings.getRedisUser(), settings.getRedisCacheName());
                uri.setCredentialsProvider(RedisCredentialsProvider.from(
                        () -> RedisCredentials.just(settings.getRedisUser(), tokens.next())));
            }
            case PASSWORD -> {
                if (settings.getRedisUser() == null || settings.getRedisPassword() == null) {
                    throw new ConfigurationException(
                            "FLASHSALE_REDIS_AUTH=password needs FLASHSALE_REDIS_USER and FLASHSALE_REDIS_PASSWORD");
                }
                uri.setCredentialsProvider(RedisCredentialsProvider.from(
                        () -> RedisCredentials.just(settings.getRedisUser(), settings.getRedisPassword())));
            }
            case NONE -> {
                // the server's default user
            }
        }
        return uri;
    }

    /** Short enough that a stalled cache fails a request fast (503, retried) instead of holding a container. */
    private static Duration timeout(FlashsaleSettings settings) {
        return Duration.ofMillis(settings.getRedisTimeoutMillis());
    }

    private static RedisConnection.Opened openCluster(RedisURI uri, FlashsaleSettings settings) {
        RedisClusterClient client = RedisClusterClient.create(uri);
        client.setOptions(tuned(ClusterClientOptions.builder(), settings).build());
        var connection = client.connect();
        return opened(client, connection, connection.sync());
    }

    private static RedisConnection.Opened open(RedisURI uri, FlashsaleSettings settings) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(tuned(ClientOptions.builder(), settings).build());
        var connection = client.connect();
        return opened(client, connection, connection.sync());
    }

    /** Both kinds of client: a connect timeout, keep-alive, and the command timeout. */
    private static <B extends ClientOptions.Builder> B tuned(B options, FlashsaleSettings settings) {
        options.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout(settings)));
        return options;
    }

    /** Closing closes the connection, then the client's threads. */
    private static RedisConnection.Opened opened(AbstractRedisClient client, StatefulConnection<?, ?> connection,
                                                 RedisClusterCommands<String, String> commands) {
        return new RedisConnection.Opened(commands, () -> {
            connection.close();
            client.shutdown();
        });
    }
}
