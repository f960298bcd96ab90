package dev.flashsale.local.cloud;

import dev.flashsale.local.template.Specs;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
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

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Redis 7 server on a loopback port, standing in for ElastiCache Serverless (Valkey speaks the same protocol).
 * The server binary ships inside a Maven artifact ({@code org.signal:embedded-redis}), so nothing is installed; it
 * runs under the runner's parent watch, in memory or with an append-only file in a data folder. It gets the
 * template's ElastiCache users with their access strings ({@link #createUsers}): a password stands in for IAM
 * authentication, and the runner keeps an administrator of its own for set-up and tests.
 */
public final class RedisCacheServer implements AutoCloseable {

    /** The runner's own user (ElastiCache's is AWS's); never given to a function. */
    static final String ADMIN_USER = "flashsale-local-admin";

    private static Path binary;

    private final WatchedProcess process;
    private final int port;
    private volatile String adminPassword;

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

    /** The server's address, without credentials: what a function is given. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Creates each user as ElastiCache would from the template: {@code ACL SETUSER name reset <access string>}
     * with its password ({@code passwords}, by user name) for IAM and password users, {@code nopass} for
     * {@code NoPasswordRequired}. A user named {@code default} replaces the server's open default user, so a
     * client without credentials gets what the template gives it (usually nothing).
     */
    public void createUsers(List<Specs.CacheUser> users, Map<String, String> passwords) {
        String admin = adminPassword == null ? randomPassword() : adminPassword;
        admin(commands -> {
            commands.aclSetuser(ADMIN_USER, AclSetuserArgs.Builder.reset().on()
                    .addPassword(admin).allKeys().allChannels().allCommands());
        });
        adminPassword = admin;
        admin(commands -> {
            for (Specs.CacheUser user : users) {
                List<String> rules = new ArrayList<>(List.of("reset"));
                rules.addAll(List.of(user.accessString().trim().split("\\s+")));
                if (user.authentication().equals("none")) {
                    rules.add("nopass");
                } else {
                    String password = passwords.get(user.userName());
                    if (password == null) {
                        throw new IllegalArgumentException("no local password for cache user " + user.userName());
                    }
                    rules.add(">" + password);
                }
                List<String> arguments = new ArrayList<>(List.of("SETUSER", user.userName()));
                arguments.addAll(rules);
                commands.dispatch(CommandType.ACL,
                        new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8)
                                .addValues(arguments));
            }
        });
    }

    /** Runs commands as the runner's administrator (the open default user until users are created). */
    public void admin(Consumer<RedisCommands<String, String>> work) {
        RedisURI uri = RedisURI.create(url());
        if (adminPassword != null) {
            uri.setUsername(ADMIN_USER);
            uri.setPassword(adminPassword.toCharArray());
        }
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            work.accept(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    /** Empties the cache, as a failover without the latest writes or a flush would. */
    public void flushAll() {
        admin(RedisCommands::flushall);
    }

    /** The server's answer to {@code ACL DRYRUN user command args...}: "OK" or why the user may not. */
    public String dryRun(String user, String command, String... arguments) {
        String[] answer = new String[1];
        admin(commands -> {
            List<String> values = new ArrayList<>(List.of("DRYRUN", user, command));
            values.addAll(List.of(arguments));
            answer[0] = commands.dispatch(CommandType.ACL,
                    new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8)
                            .addValues(values));
        });
        return answer[0];
    }

    static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
