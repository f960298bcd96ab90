package dev.flashsale.local.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The opening of a sale, open-loop: buyer {@code i} is due at {@code start + i / rate} whatever happened to the
 * others, and its latency is counted from that moment, not from when a connection was free. A closed loop
 * would slow down with the server and hide the queueing (coordinated omission); this one does not.
 */
final class OpeningSpike {

    /** {@code tokens}: buyer i's ID token, signed in before the spike ({@code buyers} of them). */
    record Settings(String saleId, List<String> tokens, double arrivalsPerSecond, int maxInFlight) {

        int buyers() {
            return tokens.size();
        }
    }

    /** One time slice of the run: answers completed in it, of which admitted, and their latency. */
    record Slice(double fromSeconds, long answered, long admitted, double p50Ms, double p99Ms) {
    }

    record Result(long admitted, long soldOut, Map<Integer, Long> statuses, double sellOutSeconds,
                  double admittedPerSecond, Latency winners, Latency losers, List<Slice> timeline,
                  double sendSeconds) {
    }

    static final double SLICE_SECONDS = 0.1;

    private OpeningSpike() {
    }

    static Result run(URI base, Settings settings) throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
        URI url = base.resolve("/api/sales/" + settings.saleId() + "/purchases");
        Histogram winners = Latency.newHistogram();
        Histogram losers = Latency.newHistogram();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        int slices = (int) Math.ceil(settings.buyers() / settings.arrivalsPerSecond() / SLICE_SECONDS) + 600;
        Histogram[] sliceLatency = new Histogram[slices];
        long[] sliceAdmitted = new long[slices];
        AtomicLong lastAdmittedNanos = new AtomicLong();
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        long start = System.nanoTime() + 50_000_000;
        double intervalNanos = 1e9 / settings.arrivalsPerSecond();
        for (int i = 0; i < settings.buyers(); i++) {
            long due = start + (long) (i * intervalNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire(); // waiting here still counts: the latency runs from `due`
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", settings.tokens().get(i))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}", StandardCharsets.UTF_8))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                try {
                    long now = System.nanoTime();
                    int status = failure == null ? response.statusCode() : 0;
                    long micros = Math.max(1, (now - due) / 1000);
                    int slice = (int) Math.min(slices - 1, Math.max(0, (now - start) / (SLICE_SECONDS * 1e9)));
                    synchronized (sliceLatency) {
                        if (sliceLatency[slice] == null) {
                            sliceLatency[slice] = Latency.newHistogram();
                        }
                        sliceLatency[slice].recordValue(Math.min(micros, 3_600_000_000L));
                        if (status == 202) {
                            sliceAdmitted[slice]++;
                            winners.recordValue(Math.min(micros, 3_600_000_000L));
                            lastAdmittedNanos.accumulateAndGet(now, Math::max);
                        } else {
                            losers.recordValue(Math.min(micros, 3_600_000_000L));
                        }
                    }
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                } finally {
                    inFlight.release(); // last: once every permit is back, every answer is counted
                }
            });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        inFlight.acquire(settings.maxInFlight()); // every answer is in
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        long admitted = counts.getOrDefault(202, 0L);
        double sellOut = admitted == 0 ? 0 : (lastAdmittedNanos.get() - start) / 1e9;
        List<Slice> timeline = new ArrayList<>();
        int last = 0;
        for (int s = 0; s < slices; s++) {
            if (sliceLatency[s] != null) {
                last = s;
            }
        }
        for (int s = 0; s <= last; s++) {
            Histogram h = sliceLatency[s];
            timeline.add(h == null ? new Slice(s * SLICE_SECONDS, 0, 0, 0, 0)
                    : new Slice(s * SLICE_SECONDS, h.getTotalCount(), sliceAdmitted[s],
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0));
        }
        return new Result(admitted, counts.getOrDefault(410, 0L), counts, sellOut,
                sellOut == 0 ? 0 : admitted / sellOut, Latency.of(winners), Latency.of(losers), timeline,
                sendSeconds);
    }
}
