package dev.flashsale.local.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A DynamoDB-API server on a loopback port: dynalite (MIT licence, npm), in memory, run under Node.js.
 * DynamoDB Local would do too, but its licence is not an open-source one, so this project does not depend on it.
 */
public final class DynamoDbServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private DynamoDbServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static DynamoDbServer start(Path projectRoot) throws IOException, InterruptedException {
        Path cli = projectRoot.resolve("infra/local/node_modules/dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed at " + cli
                    + "; run ./mvnw -pl infra/local generate-resources (it runs npm ci)");
        }
        int port = FreePort.find();
        Process process = new ProcessBuilder(List.of("node", cli.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        DynamoDbServer server = new DynamoDbServer(process, port);
        if (!FreePort.awaitListening(port, Duration.ofSeconds(20))) {
            server.close();
            throw new IllegalStateException("dynalite did not start on port " + port + " (is Node.js 20+ installed?)");
        }
        return server;
    }

    /** The server's process id (the fault injector stops and resumes it). */
    public long pid() {
        return process.pid();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
