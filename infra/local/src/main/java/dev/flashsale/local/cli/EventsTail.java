package dev.flashsale.local.cli;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code ./flashsale events tail [--sale ID] [--bus URL] [--max N]}: the order events the local stack's bus takes,
 * one line each as they come (time, status, order, sale, variant, reason, event id; never the shopper). The bus is
 * {@code --bus}, else {@code FLASHSALE_EVENTS_BUS_URL}, else the one the last {@code ./flashsale local} started
 * ({@link #BUS_FILE}). Runs until Ctrl-C, or {@code --max} events.
 */
public final class EventsTail {

    /** Where {@code ./flashsale local} leaves its bus's address. */
    public static final Path BUS_FILE = Path.of(System.getProperty("java.io.tmpdir"), "flashsale-local-events-bus.url");

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final Duration POLL = Duration.ofMillis(300);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public EventsTail(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public int run(Flags flags) throws IOException, InterruptedException {
        flags.allow("sale", "bus", "max");
        if (!"tail".equals(flags.subCommand())) {
            err.println("usage: flashsale events tail [--sale ID] [--bus URL] [--max N]");
            return 2;
        }
        String bus = busUrl(flags);
        if (bus == null) {
            err.println("flashsale: no local order events bus found: start ./flashsale local, or pass --bus URL");
            return 1;
        }
        String sale = flags.get("sale", null);
        int max = flags.integer("max", Integer.MAX_VALUE);
        long after = 0;
        int printed = 0;
        while (printed < max) {
            Map<String, Object> page;
            try {
                page = poll(bus, after);
            } catch (IOException unreachable) {
                err.println("flashsale: the order events bus at " + bus + " does not answer (" + unreachable
                        .getClass().getSimpleName() + "); is ./flashsale local running?");
                return 1;
            }
            after = ((Number) page.get("next")).longValue();
            for (Object one : (List<?>) page.get("events")) {
                @SuppressWarnings("unchecked") Map<String, Object> event = (Map<String, Object>) one;
                String line = line(event, sale);
                if (line != null && printed < max) {
                    out.println(line);
                    printed++;
                }
            }
            if (printed < max) {
                Thread.sleep(POLL.toMillis());
            }
        }
        return 0;
    }

    private String busUrl(Flags flags) throws IOException {
        if (flags.has("bus")) {
            return flags.get("bus");
        }
        String configured = environment.get("FLASHSALE_EVENTS_BUS_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.exists(BUS_FILE) ? Files.readString(BUS_FILE).trim() : null;
    }

    private Map<String, Object> poll(String bus, long after) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(bus + "/events?after=" + after))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IOException("HTTP " + answer.statusCode());
        }
        return JSON.readValue(answer.body(), Argument.mapOf(String.class, Object.class));
    }

    /** One event's line; null when it is not an order event of {@code sale}. */
    static String line(Map<String, Object> event, String sale) {
        if (!"flashsale.order".equals(event.get("detail-type")) || !(event.get("detail") instanceof Map<?, ?> d)) {
            return null;
        }
        if (sale != null && !sale.equals(d.get("saleId"))) {
            return null;
        }
        return String.format("%s  %-9s  order=%s  sale=%s  variant=%s  reason=%s  id=%s", d.get("at"),
                d.get("status"), d.get("orderId"), d.get("saleId"), orDash(d.get("variant")), orDash(d.get("reason")),
                d.get("eventId"));
    }

    private static String orDash(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }
}
