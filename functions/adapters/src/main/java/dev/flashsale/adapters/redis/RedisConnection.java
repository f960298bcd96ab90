package dev.flashsale.adapters.redis;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** The container's Redis commands, standalone or cluster alike, and how to close them. */
public final class RedisConnection implements AutoCloseable {

    private final RedisClusterCommands<String, String> commands;
    private final Runnable closer;

    public RedisConnection(RedisClusterCommands<String, String> commands, Runnable closer) {
        this.commands = commands;
        this.closer = closer;
    }

    public RedisClusterCommands<String, String> commands() {
        return commands;
    }

    @Override
    public void close() {
        closer.run();
    }
}
