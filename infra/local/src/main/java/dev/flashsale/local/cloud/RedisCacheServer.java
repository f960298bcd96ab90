package dev.flashsale.local.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Redis 7 server on a loopback port, standing in for ElastiCache Serverless (Valkey speaks the same protocol).
 * The server binary ships inside a Maven artifact ({@code org.signal:embedded-redis}), so nothing is installed; it
 * runs under the runner's parent watch, in memory or with an append-only file in a data folder.
 */
public final class RedisCacheServer implements AutoCloseable {

    private static Path binary;

    private final WatchedProcess process;
    private final int port;

    private RedisCacheServer(WatchedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** In memory on a free port; {@code settings} are redis.conf lines ("cluster-enabled yes"). */
    public static RedisCacheServer start(String... settings) {
        try {
            return start(projectRootOrHere(), FreePort.find(), null, settings);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** On {@code port}; with {@code dataDir} (may be null: in memory) holding an append-only file. */
    public static RedisCacheServer start(Path projectRoot, int port, Path dataDir, String... settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--maxmemory-policy", "noeviction"));
        if (dataDir == null) {
            command.addAll(List.of("--appendonly", "no"));
        } else {
            Files.createDirectories(dataDir);
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec", "--dir", dataDir.toString()));
        }
        for (String setting : settings) {
            String[] nameAndValue = setting.split(" ", 2);
            command.add("--" + nameAndValue[0]);
            if (nameAndValue.length > 1) {
                command.add(nameAndValue[1]);
            }
        }
        RedisCacheServer server = new RedisCacheServer(WatchedProcess.start(projectRoot, "redis", command, null), port);
        try {
            if (!FreePort.awaitListening(port, Duration.ofSeconds(20))) {
                server.close();
                throw new IllegalStateException("redis did not start on port " + port);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IllegalStateException("interrupted while redis started", e);
        }
        return server;
    }

    private static Path projectRootOrHere() {
        String configured = System.getProperty("flashsale.root");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("infra/local/watch-parent.js"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find infra/local/watch-parent.js; set -Dflashsale.root");
        }
        return dir;
    }

    /** The server binary from the embedded-redis jar, copied out once per runner. */
    private static synchronized Path binary() throws IOException {
        if (binary == null) {
            String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
            String arch = System.getProperty("os.arch").contains("aarch64") || System.getProperty("os.arch").contains("arm")
                    ? "arm64" : "amd64";
            String resource = "/redis-server-7.0.15-" + os + "-" + arch;
            try (InputStream in = RedisCacheServer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("no Redis binary " + resource + " in the embedded-redis jar");
                }
                Path file = Files.createTempFile("flashsale-redis-server-", "");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
                file.toFile().deleteOnExit();
                binary = file;
            }
        }
        return binary;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.serverPid();
    }

    @Override
    public void close() {
        process.stop();
    }
}
