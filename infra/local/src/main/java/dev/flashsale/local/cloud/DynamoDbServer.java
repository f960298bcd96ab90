package dev.flashsale.local.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A DynamoDB-API server on a loopback port: dynalite (MIT licence, npm), run under Node.js; in memory, or in a
 * LevelDB folder ({@code --data}) that outlives the runner. DynamoDB Local would do too, but its licence is not an
 * open-source one, so this project does not depend on it.
 */
public final class DynamoDbServer implements AutoCloseable {

    private final WatchedProcess process;
    private final int port;

    private DynamoDbServer(WatchedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static DynamoDbServer start(Path projectRoot) throws IOException, InterruptedException {
        return start(projectRoot, FreePort.find(), null);
    }

    /** On {@code port}; with {@code dataDir} (may be null: in memory) holding the tables. */
    public static DynamoDbServer start(Path projectRoot, int port, Path dataDir) throws IOException, InterruptedException {
        Path cli = projectRoot.resolve("infra/local/node_modules/dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed at " + cli
                    + "; run ./mvnw -pl infra/local generate-resources (it runs npm ci)");
        }
        List<String> command = new ArrayList<>(List.of("node", cli.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            command.addAll(List.of("--path", dataDir.toString()));
        }
        DynamoDbServer server = new DynamoDbServer(WatchedProcess.start(projectRoot, "dynalite", command, null), port);
        if (!FreePort.awaitListening(port, Duration.ofSeconds(30))) {
            server.close();
            throw new IllegalStateException("dynalite did not start on port " + port + " (is Node.js 20+ installed?)");
        }
        return server;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The dynalite process itself (fault tools stop and resume it by this id). */
    public long pid() {
        return process.serverPid();
    }

    /** The process watching the runner on dynalite's behalf. */
    public long watcherPid() {
        return process.watcherPid();
    }

    @Override
    public void close() {
        process.stop();
    }
}
