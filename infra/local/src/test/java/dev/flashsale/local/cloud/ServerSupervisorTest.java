package dev.flashsale.local.cloud;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerSupervisorTest {

    /** A server that dies when told to, and comes back when restarted (unless it should keep dying). */
    private static final class FakeServer implements ServerSupervisor.Server {
        final AtomicBoolean alive = new AtomicBoolean(true);
        final AtomicInteger restarts = new AtomicInteger();
        volatile boolean staysDead;

        @Override
        public String name() {
            return "fake server";
        }

        @Override
        public boolean isAlive() {
            return alive.get();
        }

        @Override
        public String restart() {
            restarts.incrementAndGet();
            alive.set(!staysDead);
            return "data kept";
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void supervisor_shouldRestartAndSaySo_whenAServerDies() throws Exception {
        FakeServer server = new FakeServer();
        List<String> console = new CopyOnWriteArrayList<>();
        CompletableFuture<String> gaveUp = new CompletableFuture<>();
        try (ServerSupervisor supervisor = new ServerSupervisor(List.of(server), console::add, gaveUp::complete)) {
            server.alive.set(false);
            awaitTrue(() -> supervisor.restarts() == 1);

            assertEquals(1, supervisor.restarts());
            assertTrue(server.isAlive());
            assertEquals(List.of("fake server died; restarting it on the same port", "fake server restarted: data kept"),
                    console);
            assertFalse(gaveUp.isDone());
        }
    }

    @Test
    void supervisor_shouldStopTheStackWithAReason_whenAServerKeepsDying() throws Exception {
        FakeServer server = new FakeServer();
        server.staysDead = true;
        CompletableFuture<String> gaveUp = new CompletableFuture<>();
        try (ServerSupervisor supervisor = new ServerSupervisor(List.of(server), line -> { }, gaveUp::complete)) {
            server.alive.set(false);

            String reason = gaveUp.get(30, TimeUnit.SECONDS);

            assertEquals(ServerSupervisor.MAX_RESTARTS, server.restarts.get());
            assertTrue(reason.startsWith("fake server died 4 times"), reason);
        }
    }
}
