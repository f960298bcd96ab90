package dev.flashsale.local.events;

import dev.flashsale.local.cli.EventsTail;
import dev.flashsale.local.cli.Flags;
import dev.flashsale.local.template.Specs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local bus as the SDK and {@code ./flashsale events tail} see it: PutEvents in, the rule's queue and the tail out. */
class LocalEventBusTest {

    private static final Specs.EventRule RULE = new Specs.EventRule("OrderEventsExampleRule", "OrderEventsBus",
            Map.of("source", List.of("flashsale"), "detail-type", List.of("flashsale.order")),
            List.of("OrderEventsQueue"));

    private static String entry(String source, String sale, String status) {
        String detail = "{\\\"eventId\\\":\\\"o1:" + status + "\\\",\\\"orderId\\\":\\\"o1\\\",\\\"saleId\\\":\\\"" + sale
                + "\\\",\\\"status\\\":\\\"" + status + "\\\",\\\"at\\\":\\\"2026-12-08T03:00:00Z\\\"}";
        return "{\"Source\":\"" + source + "\",\"DetailType\":\"flashsale.order\",\"Time\":1.7966988E9,"
                + "\"EventBusName\":\"arn:aws:events:us-east-1:000000000000:event-bus/OrderEventsBus\","
                + "\"Detail\":\"" + detail + "\"}";
    }

    private static String putEvents(LocalEventBus bus, String... entries) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bus.endpoint() + "/"))
                .header("X-Amz-Target", "AWSEvents.PutEvents")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Entries\":[" + String.join(",", entries) + "]}"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void putEvents_shouldSendMatchingEventsToTheRulesQueue_andAnswerRefusedEntriesFailed() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (LocalEventBus bus = LocalEventBus.start(List.of(RULE), (queue, body) -> sent.add(queue + " " + body))) {
            // when: a matching event, one from another source, then one refused (a throttled entry)
            String answer = putEvents(bus, entry("flashsale", "s1", "CONFIRMED"), entry("shop", "s1", "PAID"));
            bus.refuseNextEntries(1);
            String refused = putEvents(bus, entry("flashsale", "s1", "PAID"));

            // then
            assertTrue(answer.contains("\"FailedEntryCount\":0"), answer);
            assertTrue(refused.contains("\"FailedEntryCount\":1") && refused.contains("ThrottlingException"), refused);
            assertEquals(1, sent.size(), sent.toString());
            assertTrue(sent.get(0).startsWith("OrderEventsQueue {"), sent.get(0));
            assertTrue(sent.get(0).contains("\"detail\":{") && sent.get(0).contains("\"eventId\":\"o1:CONFIRMED\""));
        }
    }

    @Test
    void tail_shouldPrintTheSalesEvents_whenTheBusTookThem() throws Exception {
        try (LocalEventBus bus = LocalEventBus.start(List.of(RULE), (queue, body) -> { })) {
            // given: events of two sales on the bus
            putEvents(bus, entry("flashsale", "other", "CONFIRMED"), entry("flashsale", "s1", "CONFIRMED"),
                    entry("flashsale", "s1", "PAID"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            // when
            int exit = new EventsTail(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of())
                    .run(Flags.parse(new String[]{"events", "tail", "--sale", "s1", "--bus", bus.endpoint(),
                            "--max", "2"}, true));

            // then: the sale's two, in the order the bus took them, no shopper
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit);
            List<String> lines = printed.lines().toList();
            assertEquals(2, lines.size(), printed);
            assertTrue(lines.get(0).contains("CONFIRMED") && lines.get(0).contains("sale=s1")
                    && lines.get(0).contains("id=o1:CONFIRMED"), printed);
            assertTrue(lines.get(1).contains("PAID"), printed);
        }
    }
}
