package dev.flashsale.local.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
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
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        Concurrently.Result result = Concurrently.run(connections, duration, () -> {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            HttpRequest request = builder.build();
            return n -> {
                int status;
                try {
                    status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    status = 0; // no answer: counted, never thrown
                }
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                return 1;
            };
        });
        Map<Integer, Long> counts = new HashMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return new LoadResult(name(), result.seconds(), result.calls(), counts, result.latency());
    }
}
