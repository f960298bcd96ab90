package dev.flashsale.local.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flashsale.local.template.Specs;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * EventBridge's stand-in on a loopback port: {@code PutEvents} (the JSON 1.1 protocol the SDK speaks, reached
 * through {@code AWS_ENDPOINT_URL_EVENTBRIDGE}) on the template's buses, each event matched against the template's
 * rules ({@link EventPattern}) and sent, as EventBridge's envelope, to each matching rule's SQS targets. An entry
 * whose target could not be sent to is answered failed (EventBridge would retry, then dead-letter it; here the
 * publisher retries). It keeps the events it took, for {@code ./flashsale events tail}: {@code GET /events?after=N}
 * (this runner's own route, no AWS API).
 */
public final class LocalEventBus implements AutoCloseable {

    /** Sends one message body to a queue of the template (logical id). */
    public interface Sender extends BiConsumer<String, String> {
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final int KEPT = 20_000;
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";

    private record Rule(Specs.EventRule spec, EventPattern pattern) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Rule> rules = new ArrayList<>();
    private final Sender sender;
    private final List<Map<String, Object>> kept = new ArrayList<>();
    private long firstKept;
    private final AtomicInteger refuseEntries = new AtomicInteger();
    private final AtomicInteger taken = new AtomicInteger();

    private LocalEventBus(HttpServer server, List<Specs.EventRule> rules, Sender sender) {
        this.server = server;
        this.sender = sender;
        for (Specs.EventRule rule : rules) {
            this.rules.add(new Rule(rule, new EventPattern(rule.pattern())));
        }
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "local-event-bus");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LocalEventBus start(List<Specs.EventRule> rules, Sender sender) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        return new LocalEventBus(server, rules, sender);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Fault: the next {@code n} entries are answered as throttled (PutEvents' partial failure). */
    public void refuseNextEntries(int n) {
        refuseEntries.set(n);
    }

    /** Entries taken since the start. */
    public int taken() {
        return taken.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/events")) {
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(since(after(exchange.getRequestURI()))));
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || !"AWSEvents.PutEvents".equals(target)) {
                respond(exchange, 400, "application/x-amz-json-1.1", JSON.writeValueAsBytes(Map.of(
                        "__type", "UnknownOperationException", "message", "the local bus answers PutEvents only")));
                return;
            }
            Map<String, Object> request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readValue(in.readAllBytes(), Argument.mapOf(String.class, Object.class));
            }
            respond(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(putEvents(request)));
        }
    }

    private static long after(URI uri) {
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("after=")) {
                    try {
                        return Long.parseLong(pair.substring(6));
                    } catch (NumberFormatException notANumber) {
                        return 0;
                    }
                }
            }
        }
        return 0;
    }

    private Map<String, Object> putEvents(Map<String, Object> request) {
        List<Map<String, Object>> results = new ArrayList<>();
        int failed = 0;
        Object entries = request.get("Entries");
        for (Object entry : entries instanceof List<?> list ? list : List.of()) {
            @SuppressWarnings("unchecked") Map<String, Object> fields = (Map<String, Object>) entry;
            Map<String, Object> result = put(fields);
            if (result.containsKey("ErrorCode")) {
                failed++;
            }
            results.add(result);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("FailedEntryCount", failed);
        answer.put("Entries", results);
        return answer;
    }

    private Map<String, Object> put(Map<String, Object> entry) {
        if (refuseEntries.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Map.of("ErrorCode", "ThrottlingException", "ErrorMessage", "Rate exceeded (local fault)");
        }
        Map<String, Object> event;
        try {
            event = envelope(entry);
        } catch (IOException | RuntimeException malformed) {
            return Map.of("ErrorCode", "MalformedDetail", "ErrorMessage", "Detail is not a JSON object");
        }
        String bus = busName(entry.get("EventBusName"));
        try {
            for (Rule rule : rules) {
                if (rule.spec().busName().equals(bus) && rule.pattern().matches(event)) {
                    String body = new String(JSON.writeValueAsBytes(event), StandardCharsets.UTF_8);
                    for (String queue : rule.spec().queueTargets()) {
                        sender.accept(queue, body);
                    }
                }
            }
        } catch (IOException | RuntimeException sendFailed) {
            return Map.of("ErrorCode", "InternalFailure", "ErrorMessage", "a target could not be reached");
        }
        keep(event);
        taken.incrementAndGet();
        return Map.of("EventId", event.get("id"));
    }

    private static String busName(Object given) {
        String bus = given == null ? "default" : String.valueOf(given);
        return bus.substring(bus.lastIndexOf('/') + 1);
    }

    /** The event as EventBridge hands it to a target. */
    private static Map<String, Object> envelope(Map<String, Object> entry) throws IOException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", entry.get("DetailType"));
        event.put("source", entry.get("Source"));
        event.put("account", ACCOUNT);
        event.put("time", time(entry.get("Time")).toString());
        event.put("region", REGION);
        event.put("resources", entry.get("Resources") == null ? List.of() : entry.get("Resources"));
        event.put("detail", JSON.readValue(String.valueOf(entry.get("Detail")).getBytes(StandardCharsets.UTF_8),
                Argument.mapOf(String.class, Object.class)));
        return event;
    }

    /** The SDK sends {@code Time} as epoch seconds (a fraction for milliseconds); absent: now, as EventBridge. */
    private static Instant time(Object given) {
        if (given == null) {
            return Instant.now();
        }
        BigDecimal seconds = new BigDecimal(String.valueOf(given));
        return Instant.ofEpochSecond(seconds.longValue()); // EventBridge keeps whole seconds
    }

    private synchronized void keep(Map<String, Object> event) {
        kept.add(event);
        if (kept.size() > KEPT) {
            kept.remove(0);
            firstKept++;
        }
    }

    private synchronized Map<String, Object> since(long after) {
        long from = Math.min(Math.max(after, firstKept), firstKept + kept.size());
        List<Map<String, Object>> events = new ArrayList<>(kept.subList((int) (from - firstKept), kept.size()));
        return Map.of("next", firstKept + kept.size(), "events", events);
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
