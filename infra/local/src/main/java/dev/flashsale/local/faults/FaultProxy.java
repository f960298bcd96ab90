package dev.flashsale.local.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy in front of one AWS-API server (the DynamoDB or the SQS server): the functions' SDK endpoint
 * points here, and {@link Rule} decides per request whether it goes through or is answered with the error the real
 * service gives (DynamoDB's throttling, SQS's internal error), in the service's own JSON error shape, so the SDK's
 * retry policy and the code above it see exactly what AWS would make them see.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy answers instead of forwarding; null to forward. */
    public interface Rule {
        Refusal refuse(String operation);
    }

    public record Refusal(int status, String errorType, String message) {

        public static Refusal dynamoThrottle(boolean provisioned) {
            return provisioned
                    ? new Refusal(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                    "The level of configured provisioned throughput for the table was exceeded. Consider increasing "
                            + "your provisioning level with the UpdateTable API.")
                    : new Refusal(400, "com.amazonaws.dynamodb.v20120810#ThrottlingException",
                    "Rate of requests exceeds the allowed throughput.");
        }

        public static Refusal sqsInternalError() {
            return new Refusal(500, "com.amazonaws.sqs#InternalError",
                    "We encountered an internal error. Please try again.");
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final URI upstream;
    private final Rule rule;

    public FaultProxy(URI upstream, Rule rule) throws IOException {
        this.upstream = upstream;
        this.rule = rule;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy-" + upstream.getPort());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The operation a request names: DynamoDB's and SQS's JSON protocols put it in {@code X-Amz-Target}. */
    static String operation(String target, String body) {
        if (target != null) {
            return target.substring(target.indexOf('.') + 1);
        }
        int action = body.indexOf("Action=");
        if (action >= 0) { // SQS's query protocol
            int end = body.indexOf('&', action);
            return body.substring(action + "Action=".length(), end < 0 ? body.length() : end);
        }
        return "";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String operation = operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                    new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8));
            Refusal refusal = rule.refuse(operation);
            if (refusal != null) {
                byte[] error = ("{\"__type\":\"" + refusal.errorType() + "\",\"message\":\"" + refusal.message() + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                String code = refusal.errorType().substring(refusal.errorType().indexOf('#') + 1);
                exchange.getResponseHeaders().add("x-amzn-query-error", code + ";" + (refusal.status() >= 500 ? "Receiver" : "Sender"));
                exchange.sendResponseHeaders(refusal.status(), error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            forward(exchange, body);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(60));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
