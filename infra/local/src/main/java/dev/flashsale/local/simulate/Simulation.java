package dev.flashsale.local.simulate;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A flash sale against a running stack over real HTTP: creates a sale, sends one purchase per distinct buyer with
 * a bounded number in flight, waits until every admitted order has left the pipeline, and checks the outcome
 * against the ledger: confirmed orders never beyond stock, no buyer twice, every admitted order confirmed.
 */
public final class Simulation {

    /** Something that can wait until the order pipeline is empty (the in-process stack); absent for --url. */
    public interface Drain {
        boolean await(Duration timeout) throws InterruptedException;
    }

    public record Settings(int buyers, int stock, int concurrency, String saleId, String protectionJson) {
    }

    private final ApiClient api;
    private final Drain drain;
    private final PrintStream progress;

    public Simulation(ApiClient api, Drain drain, PrintStream progress) {
        this.api = api;
        this.drain = drain;
        this.progress = progress;
    }

    public SimulationReport run(Settings settings) throws InterruptedException {
        Instant now = Instant.now();
        ApiClient.Answer created = api.createSale(settings.saleId(), settings.stock(), now.minusSeconds(1),
                now.plus(Duration.ofHours(1)), settings.protectionJson());
        if (created.status() != 201 && created.status() != 200) {
            throw new IllegalStateException("could not create the sale: HTTP " + created.status() + " " + created.rawBody());
        }
        int n = settings.buyers();
        AtomicLongArray latencies = new AtomicLongArray(n);
        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        List<String> orderIds = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(settings.concurrency());
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            int index = i;
            String body = "{\"userId\":" + ApiClient.quote("buyer-" + settings.saleId() + "-" + i) + ",\"quantity\":1}";
            api.send("POST", "/api/sales/" + settings.saleId() + "/purchases", body).whenComplete((answer, error) -> {
                int status = error == null ? answer.status() : -1;
                latencies.set(index, error == null ? answer.nanos() : 0);
                byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                if (status == 202) {
                    orderIds.add(answer.text("orderId"));
                }
                inFlight.release();
                showProgress(done.incrementAndGet(), n);
            });
        }
        inFlight.acquire(settings.concurrency());
        long elapsed = System.nanoTime() - started;
        finishProgress();

        long drainStarted = System.nanoTime();
        if (drain != null && !drain.await(Duration.ofMinutes(3))) {
            throw new IllegalStateException("the order queue did not drain within 3 minutes");
        }
        Map<String, Long> orderStatuses = awaitFinalStatuses(orderIds, Duration.ofMinutes(3));
        double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;

        ApiClient.Answer report = api.get("/api/admin/sales/" + settings.saleId() + "/report");
        if (report.status() != 200) {
            throw new IllegalStateException("could not read the sale report: HTTP " + report.status());
        }
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = latencies.get(i);
        }
        Arrays.sort(sorted);
        Map<Integer, Integer> other = new HashMap<>();
        byStatus.forEach((status, count) -> {
            if (status != 202 && status != 410) {
                other.put(status, count.get());
            }
        });
        int admitted = count(byStatus, 202);
        long confirmedOfAdmitted = orderStatuses.getOrDefault("CONFIRMED", 0L);
        return new SimulationReport(settings.saleId(), settings.stock(), n, admitted, count(byStatus, 410), other,
                report.number("confirmed"), report.number("rejected"), report.number("oversold"),
                report.number("duplicateBuyers"), admitted - confirmedOfAdmitted,
                n / (elapsed / 1e9), percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[n - 1] / 1e6,
                drainSeconds);
    }

    /** Polls every admitted order until none is PENDING (or the timeout); counts them by status. */
    private Map<String, Long> awaitFinalStatuses(List<String> orderIds, Duration timeout) throws InterruptedException {
        Map<String, String> statusById = new ConcurrentHashMap<>();
        List<String> open = new ArrayList<>(orderIds);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
                List<CompletableFuture<Void>> checks = new ArrayList<>();
                for (String orderId : open) {
                    checks.add(api.send("GET", "/api/orders/" + orderId, null)
                            .thenAccept(answer -> statusById.put(orderId,
                                    answer.status() == 200 ? answer.text("status") : "HTTP_" + answer.status())));
                }
                CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join();
                open.removeIf(id -> !"PENDING".equals(statusById.get(id)) && !"HTTP_429".equals(statusById.get(id)));
                if (!open.isEmpty()) {
                    Thread.sleep(250);
                }
        }
        Map<String, Long> counts = new HashMap<>();
        statusById.values().forEach(status -> counts.merge(status, 1L, Long::sum));
        return counts;
    }

    private static int count(Map<Integer, AtomicInteger> byStatus, int status) {
        AtomicInteger count = byStatus.get(status);
        return count == null ? 0 : count.get();
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private void showProgress(int done, int total) {
        if (progress == null || (done % Math.max(1, total / 100) != 0 && done != total)) {
            return;
        }
        int width = 40;
        int filled = (int) ((long) done * width / total);
        synchronized (progress) {
            progress.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
            progress.flush();
        }
    }

    private void finishProgress() {
        if (progress != null) {
            progress.println();
        }
    }
}
