package dev.flashsale.local.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A server process started through {@code infra/local/watch-parent.js}, which stops the server when this JVM
 * goes away by any means (its standard input, held by this JVM, closes even on {@code kill -KILL}). So a runner
 * that is killed never leaves a server behind serving old data.
 */
final class WatchedProcess {

    private final Process watcher;
    private final String name;

    private WatchedProcess(Process watcher, String name) {
        this.watcher = watcher;
        this.name = name;
    }

    static WatchedProcess start(Path projectRoot, String name, List<String> command, Path output) throws IOException {
        Path watch = projectRoot.resolve("infra/local/watch-parent.js");
        if (!Files.isRegularFile(watch)) {
            throw new IllegalStateException("missing " + watch);
        }
        List<String> full = new ArrayList<>(List.of("node", watch.toString()));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(output.toFile()));
        // Standard input stays a pipe from this JVM: its end is the server's lifeline.
        return new WatchedProcess(builder.start(), name);
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return watcher.isAlive();
    }

    Optional<Integer> exitCode() {
        return watcher.isAlive() ? Optional.empty() : Optional.of(watcher.exitValue());
    }

    /** The server's own process id (the watcher's child), for tools that signal it (kill -STOP...). */
    long serverPid() {
        return watcher.toHandle().children().findFirst().map(ProcessHandle::pid).orElse(watcher.pid());
    }

    long watcherPid() {
        return watcher.pid();
    }

    void stop() {
        List<ProcessHandle> servers = watcher.toHandle().children().toList();
        watcher.destroy();
        try {
            watcher.waitFor();
            for (ProcessHandle server : servers) {
                server.onExit().get(); // the watcher stops its server before it exits; wait for the port to free
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException ignored) {
            // gone already
        }
    }
}
