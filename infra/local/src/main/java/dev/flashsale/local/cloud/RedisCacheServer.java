package dev.flashsale.local.cloud;

import redis.embedded.RedisServer;

/**
 * A Redis 7 server on a loopback port, standing in for ElastiCache Serverless (Valkey speaks the same protocol).
 * The server binary ships inside a Maven artifact ({@code org.signal:embedded-redis}), so nothing is installed.
 */
public final class RedisCacheServer implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private RedisCacheServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static RedisCacheServer start(String... settings) {
        int port = FreePort.find();
        var builder = RedisServer.builder().port(port).bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory-policy noeviction");
        for (String setting : settings) {
            builder.setting(setting);
        }
        RedisServer server = builder.build();
        server.start();
        return new RedisCacheServer(server, port);
    }

    /** Stops the server and starts it again on the same port, holding nothing (a cache node lost and replaced). */
    public synchronized void restartEmpty() {
        server.stop();
        RuntimeException failed = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                server.start();
                return;
            } catch (RuntimeException notYet) { // the port may take a moment to be free again
                failed = notYet;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("the Redis server did not start again on port " + port, failed);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stop();
    }
}
