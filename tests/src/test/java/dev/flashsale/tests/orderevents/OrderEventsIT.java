package dev.flashsale.tests.orderevents;

import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.faults.Fault;
import dev.flashsale.local.faults.FaultReport;
import dev.flashsale.local.faults.FaultSimulation;
import dev.flashsale.local.faults.OrderEventsAudit;
import dev.flashsale.local.simulate.Simulation;
import dev.flashsale.tests.LocalCloudFixture;
import dev.flashsale.tests.faults.StoreFaults;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 25, item 2: order events reach the template's example rule's SQS target (OrderEventsQueue) through the
 * local bus, at least once and never lost: a writer that dies between the order's write and the publish, and a
 * PutEvents entry refused (FailedEntryCount 1), are published by the reconciler's next pass; a sale with crashing
 * order containers and unpaid orders delivers every status change of every order, once per (order, status) after
 * deduplication by {@code detail.eventId}.
 */
class OrderEventsIT {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    @AfterEach
    void disarm() {
        StoreFaults.disarm();
    }

    @Test
    void reconcile_shouldPublishTheEvents_whenTheWriterDiedBeforeThePublishOrTheBusRefusedTheEntry() throws Exception {
        LocalCloud cloud = LocalCloudFixture.cloud();
        try (ApplicationContext context = LocalCloudFixture.contextOf("ReconcilerFunction", Map.of())) {
            // given: a sale, two admitted reservations
            Instant now = Instant.now();
            Sale sale = new Sale("events-" + UUID.randomUUID().toString().substring(0, 8), "Events", 3,
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), 1, 2, Protection.NONE);
            context.getBean(SaleAdministration.class).put(sale);
            StockLedger ledger = context.getBean(StockLedger.class);
            Reservation crashed = reserve(ledger, sale, "ann", now);
            Reservation refused = reserve(ledger, sale, "bob", now);
            OrderWriter writer = context.getBean(OrderWriter.class);

            // when: the first writer dies right after the order's put lands (before its PutEvents), the
            // second's PutEvents answers its entry failed (throttled)
            StoreFaults.arm(1, StoreFaults.Fault.CRASH, request -> request instanceof PutItemRequest put
                    && put.item().containsKey("orderId") && !put.item().containsKey("pk"));
            assertThrows(StoreFaults.Crash.class, () -> writer.write(crashed));
            StoreFaults.disarm();
            cloud.eventBus().refuseNextEntries(1);
            assertEquals(OrderStatus.CONFIRMED, writer.write(refused).status());
            List<Map<String, Object>> beforePass = deliveries(cloud, sale.id());

            // and the reconciler passes, twice
            Reconciliation.Report pass = context.getBean(Reconciliation.class).run(Optional.of(sale.id()));
            Reconciliation.Report again = context.getBean(Reconciliation.class).run(Optional.of(sale.id()));
            List<Map<String, Object>> afterPass = deliveries(cloud, sale.id());

            // then: nothing went out before the pass; the pass published both, once; the second pass nothing
            assertEquals(List.of(), beforePass);
            assertEquals(2, pass.events().published(), pass.toString());
            assertEquals(0, again.events().published());
            assertEquals(Set.of(crashed.orderId() + ":CONFIRMED", refused.orderId() + ":CONFIRMED"),
                    Set.copyOf(afterPass.stream().map(d -> String.valueOf(d.get("eventId"))).toList()));
            assertEquals(2, afterPass.size());
            Map<String, Object> first = afterPass.stream()
                    .filter(d -> d.get("orderId").equals(crashed.orderId())).findFirst().orElseThrow();
            assertEquals("CONFIRMED", first.get("status"));
            assertEquals("ann", first.get("shopper"));
            assertEquals(sale.id(), first.get("saleId"));
            assertEquals(crashed.reservedAt().toString(), first.get("at"));
        }
    }

    @Test
    void sale_shouldDeliverEveryStatusChangeOnce_whenOrderContainersCrashAndOrdersGoUnpaid() throws Exception {
        // given: 120 shoppers for 15 units, order containers killed between their writes, some winners never pay
        Simulation.Settings settings = new Simulation.Settings(120, 0, 15, 24, "events-faults", true, 100);

        // when: the sale runs, the queue drains, unpaid orders expire and the reconciler passes
        FaultReport report = FaultSimulation.run(settings, Map.of("StockBackend", "dynamodb"),
                Set.of(Fault.ORDER_CRASH, Fault.UNPAID), null);

        // then: the subscribed queue got every order's every status, none twice after deduplication, none extra
        OrderEventsAudit.Result events = report.events();
        String outcome = report.toJson();
        System.out.println("order events of the fault sale: " + events.toJson() + ", faults " + report.faults());
        assertTrue(report.faults().getOrDefault(Fault.ORDER_CRASH.label(), 0L) > 0, "no crash fired: " + outcome);
        assertEquals(Set.of(), events.missing(), outcome);
        assertEquals(Set.of(), events.unexpected(), outcome);
        assertEquals(events.expected(), events.distinct(), outcome);
        assertTrue(events.byStatus().getOrDefault("CONFIRMED", 0) >= settings.stock(), outcome);
        assertTrue(events.byStatus().getOrDefault("PAID", 0) > 0, outcome);
        assertTrue(events.byStatus().getOrDefault("EXPIRED", 0) > 0, outcome);
        assertTrue(report.passed(), outcome);
    }

    private static Reservation reserve(StockLedger ledger, Sale sale, String user, Instant at) {
        return ((ReservationOutcome.Reserved) ledger.reserve(sale, user, 1, OrderIds.next(), at)).reservation();
    }

    /** The events of {@code saleId} now in the rule's queue (read and deleted), as their details. */
    private static List<Map<String, Object>> deliveries(LocalCloud cloud, String saleId) throws Exception {
        String queue = cloud.queueUrl("OrderEventsQueue");
        List<Map<String, Object>> details = new ArrayList<>();
        while (true) {
            List<Message> messages = cloud.sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                return details;
            }
            for (Message message : messages) {
                Map<String, Object> event = JSON.readValue(message.body().getBytes(StandardCharsets.UTF_8),
                        Argument.mapOf(String.class, Object.class));
                assertEquals("flashsale", event.get("source"));
                assertEquals("flashsale.order", event.get("detail-type"));
                @SuppressWarnings("unchecked") Map<String, Object> detail = (Map<String, Object>) event.get("detail");
                if (saleId.equals(detail.get("saleId"))) {
                    details.add(detail);
                }
                cloud.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
        }
    }
}
