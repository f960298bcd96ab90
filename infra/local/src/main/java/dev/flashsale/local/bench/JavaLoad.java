package dev.flashsale.local.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

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
import java.util.concurrent.atomic.AtomicLong;

/** The fallback load: one thread per connection, each with its own keep-alive JDK HTTP client. */
final class JavaLoad implements HttpLoad {

    @Override
    public String name() {
        return "jdk-httpclient";
    }

    @Override
    public LoadResult run(URI url, String method, String jsonBody, String authorization, int connections,
                          Duration duration)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
                if (authorization != null) {
                    builder.header("Authorization", authorization);
                }
                HttpRequest request = builder.build();
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = 0;
                    }
                    recorder.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                }
            }, "bench-load-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Histogram histogram = recorder.getIntervalHistogram();
        Map<Integer, Long> counts = new java.util.HashMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return new LoadResult(name(), seconds, histogram.getTotalCount(), counts, Latency.of(histogram));
    }
}
