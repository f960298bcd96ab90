package dev.flashsale.local.cloud;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Watches the local stack's servers. A server that died is reported on the console and restarted on its port (with
 * its data when the stack keeps data on disk); one that keeps dying (more than {@link #MAX_RESTARTS} times within
 * {@link #RESTART_WINDOW}) or cannot be restarted stops the whole stack with a message saying why.
 */
public final class ServerSupervisor implements AutoCloseable {

    static final int MAX_RESTARTS = 3;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(1);
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);

    /** One supervised server. */
    public interface Server {
        String name();

        boolean isAlive();

        /** Starts it again on the same port; answers what the console should add (what was kept or lost). */
        String restart() throws Exception;
    }

    private final List<Server> servers;
    private final Consumer<String> console;
    private final Consumer<String> giveUp;
    private final Map<String, Deque<Long>> restarts = new HashMap<>();
    private final Map<String, Integer> deadChecks = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int restartCount;

    public ServerSupervisor(List<Server> servers, Consumer<String> console, Consumer<String> giveUp) {
        this.servers = servers;
        this.console = console;
        this.giveUp = giveUp;
        this.thread = new Thread(this::watch, "server-supervisor");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Restarts done so far. */
    public int restarts() {
        return restartCount;
    }

    private void watch() {
        while (running) {
            try {
                Thread.sleep(CHECK_EVERY.toMillis());
            } catch (InterruptedException stopped) {
                return;
            }
            for (Server server : servers) {
                if (!running) {
                    return;
                }
                // Two checks in a row: one refused connection on a busy machine is not a death.
                int dead = server.isAlive() ? 0 : deadChecks.getOrDefault(server.name(), 0) + 1;
                deadChecks.put(server.name(), dead);
                if (dead >= 2 && !recover(server)) {
                    running = false;
                    return;
                }
            }
        }
    }

    private boolean recover(Server server) {
        deadChecks.put(server.name(), 0);
        long now = System.nanoTime();
        Deque<Long> recent = restarts.computeIfAbsent(server.name(), name -> new ArrayDeque<>());
        while (!recent.isEmpty() && now - recent.peekFirst() > RESTART_WINDOW.toNanos()) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_RESTARTS) {
            giveUp.accept(server.name() + " died " + (MAX_RESTARTS + 1) + " times within "
                    + RESTART_WINDOW.toSeconds() + " s; stopping the local stack");
            return false;
        }
        console.accept(server.name() + " died; restarting it on the same port");
        try {
            String kept = server.restart();
            recent.addLast(now);
            restartCount++;
            console.accept(server.name() + " restarted" + (kept.isEmpty() ? "" : ": " + kept));
            return true;
        } catch (Exception failed) {
            giveUp.accept(server.name() + " died and could not be restarted (" + failed.getClass().getSimpleName()
                    + (failed.getMessage() == null ? "" : ": " + failed.getMessage()) + "); stopping the local stack");
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (Thread.currentThread() == thread) {
            return; // giving up: the stack is being stopped from this very thread
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
