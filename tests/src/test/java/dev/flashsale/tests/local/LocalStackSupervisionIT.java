package dev.flashsale.tests.local;

import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.simulate.ApiClient;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack looks after its servers: none outlives a killed runner, one that dies comes back on its port
 * with its data, {@code --data} keeps sales and orders across restarts, and {@code simulate} always ends with its
 * JSON line.
 */
class LocalStackSupervisionIT {

    private static final String UNGUARDED = "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}";

    /** The runner as a process of its own: {@code java ... FlashsaleCommand ARGS}. */
    private static Process runner(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dflashsale.root=" + LocalSystem.projectRoot(), "dev.flashsale.local.FlashsaleCommand"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The local stack's credentials, so that a run against a --url fails on the stack, not on signing.
        builder.environment().put("AWS_ACCESS_KEY_ID", LocalCloud.ACCESS_KEY_ID);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", LocalCloud.SECRET_ACCESS_KEY);
        return builder.start();
    }

    private static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void killedRunner_shouldLeaveNoServerBehind_evenWithKillDashNine() throws Exception {
        // given: a runner up and serving
        Process runner = runner(List.of("local", "--port", "0"));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder startup = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("flash sale running at")) {
                startup.append(line).append('\n');
            }
            assertTrue(line != null, "the runner started: " + startup);
            List<ProcessHandle> servers = runner.toHandle().descendants().toList(); // dynalite and its watcher
            assertEquals(1, servers.stream().filter(p -> p.info().commandLine()
                    .map(c -> c.contains("dynalite/cli.js") && !c.contains("watch-parent.js")).orElse(false)).count(),
                    "dynalite runs under the runner: " + servers.stream().map(p -> p.info().commandLine().orElse("?")).toList());

            // when: the runner is killed with SIGKILL (no shutdown hook runs)
            runner.destroyForcibly();
            runner.waitFor();

            // then: every server goes with it
            for (ProcessHandle server : servers) {
                assertTrue(awaitGone(server.pid(), Duration.ofSeconds(20)),
                        "orphaned: " + server.info().commandLine().orElse("?"));
            }
        } finally {
            runner.destroyForcibly();
        }
    }

    @Test
    void deadDynamoServer_shouldBeRestartedOnItsPort_withItsData() throws Exception {
        Path data = Files.createTempDirectory("flashsale-data");
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0,
                Map.of(), data))) {
            ApiClient api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
            Instant now = Instant.now();
            assertEquals(201, api.createSale("kept", 3, now.minusSeconds(1), now.plusSeconds(3600), UNGUARDED).status());
            long pid = system.cloud().dynamoServer().pid();
            int port = system.cloud().dynamoServer().port();

            // when: the DynamoDB server is killed
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertTrue(awaitGone(pid, Duration.ofSeconds(10)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (system.cloud().restarts() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }

            // then: a new one serves on the same port, with the sale, and the stack goes on
            assertEquals(1, system.cloud().restarts());
            assertEquals(port, system.cloud().dynamoServer().port());
            assertTrue(system.cloud().dynamoServer().pid() != pid);
            assertFalse(system.failure().isDone());
            ApiClient.Answer sale = api.get("/api/sales/kept");
            assertEquals(200, sale.status(), sale.rawBody());
            assertEquals(3, sale.number("remaining"));
            assertEquals(202, api.signedInAs("after").post("/api/sales/kept/purchases", "{\"quantity\":1}").status());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void data_shouldKeepSalesAndOrdersAcrossRestarts() throws Exception {
        Path data = Files.createTempDirectory("flashsale-data");
        ExecutorService executor = Executors.newFixedThreadPool(2);
        String orderId;
        Map<String, String> redis = Map.of("StockBackend", "redis");
        try {
            // given: a sale and a confirmed order, then the stack stopped
            try (LocalSystem first = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1",
                    0, redis, data))) {
                ApiClient api = new ApiClient(first.baseUrl(), executor, SigV4Signer.forLocalStack());
                Instant now = Instant.now();
                assertEquals(201, api.createSale("durable", 5, now.minusSeconds(1), now.plusSeconds(3600), UNGUARDED)
                        .status());
                ApiClient.Answer admitted = api.signedInAs("ann").post("/api/sales/durable/purchases", "{\"quantity\":1}");
                assertEquals(202, admitted.status());
                orderId = admitted.text("orderId");
                assertTrue(first.awaitQueuesDrained(Duration.ofMinutes(1)));
                assertEquals("CONFIRMED", api.signedInAs("ann").get("/api/orders/" + orderId).text("status"));
            }

            // when: started again on the same folder
            try (LocalSystem second = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1",
                    0, redis, data))) {
                ApiClient api = new ApiClient(second.baseUrl(), executor, SigV4Signer.forLocalStack());

                // then: the sale, its stock, the order and the buyer's count are all there
                ApiClient.Answer sale = api.get("/api/sales/durable");
                assertEquals(200, sale.status(), sale.rawBody());
                assertEquals(4, sale.number("remaining"));
                assertEquals("CONFIRMED", api.signedInAs("ann").get("/api/orders/" + orderId).text("status"));
                assertEquals(409, api.signedInAs("ann").post("/api/sales/durable/purchases", "{\"quantity\":1}").status());
                assertEquals(202, api.signedInAs("bob").post("/api/sales/durable/purchases", "{\"quantity\":1}").status());
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void simulate_shouldEndWithItsJsonLineAndFail_whenTheStackIsNotThere() throws Exception {
        Process simulate = runner(List.of("simulate", "--buyers", "5", "--stock", "1", "--json",
                "--url", "http://127.0.0.1:1"));
        String output = new String(simulate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, simulate.waitFor(), output);
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("{\"passed\":false,\"error\":"), output);
        assertFalse(output.contains("\tat "), "no stack trace: " + output);
    }
}
