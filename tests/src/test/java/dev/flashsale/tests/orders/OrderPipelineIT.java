package dev.flashsale.tests.orders;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flashsale.adapters.sqs.ReservationMessage;
import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.order.RejectionReason;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.PurchaseAdmission;
import dev.flashsale.core.purchase.PurchaseRequest;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.orders.OrderHandler;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admission, the real queue and the order function together, including the failure paths between them. */
@AwsFacing
@Tag(AwsTarget.TAG)
class OrderPipelineIT {

    private static ApplicationContext admissionContext;
    private static ApplicationContext orderContext;
    private static OrderHandler orderHandler;
    private final Instant now = Instant.now();

    @BeforeAll
    static void start() throws Exception {
        admissionContext = LocalCloudFixture.contextOf("AdmissionFunction", Map.of());
        orderContext = LocalCloudFixture.contextOf("OrderFunction", Map.of());
        orderHandler = new OrderHandler(orderContext);
    }

    @AfterAll
    static void stop() {
        admissionContext.close();
        orderContext.close();
    }

    private Sale openSale(int stock) {
        Sale sale = new Sale("pipe-" + UUID.randomUUID().toString().substring(0, 8), "Test", stock,
                now.minusSeconds(60), now.plusSeconds(3600), 1, 1, Protection.NONE);
        admissionContext.getBean(SaleAdministration.class).put(sale);
        return sale;
    }

    private static SQSEvent.SQSMessage record(String messageId, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(messageId);
        message.setBody(body);
        message.setEventSource("aws:sqs");
        return message;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(records));
        return event;
    }

    private String body(Reservation reservation) throws Exception {
        byte[] json = orderContext.getBean(JsonMapper.class).writeValueAsBytes(ReservationMessage.of(reservation));
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void purchase_shouldQueueAMessageThatTheOrderFunctionConfirms_whenAdmitted() throws Exception {
        // given
        Sale sale = openSale(3);
        var cloud = LocalCloudFixture.cloud();
        String queueUrl = cloud.queueUrl("OrderQueue");

        // when
        Admission admission = admissionContext.getBean(PurchaseAdmission.class)
                .purchase(sale.id(), new PurchaseRequest("pipeline-user", 1));
        String orderId = ((Admission.Admitted) admission).orderId();
        Message queued = null;
        for (int i = 0; i < 20 && queued == null; i++) {
            queued = cloud.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().stream().filter(m -> m.body().contains(orderId)).findFirst().orElse(null);
        }
        assertTrue(queued != null, "the admitted order is on the queue");
        SQSBatchResponse response = orderHandler.handleRequest(event(record(queued.messageId(), queued.body())), null);
        String handle = queued.receiptHandle();
        cloud.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(handle));

        // then
        assertTrue(response.getBatchItemFailures().isEmpty());
        Order order = orderContext.getBean(OrderStore.class).find(orderId).orElseThrow();
        assertEquals(OrderStatus.CONFIRMED, order.status());
        assertEquals("pipeline-user", order.userId());
    }

    @Test
    void handleRequest_shouldWriteOneOrder_whenTheSameMessageIsDeliveredTwice() throws Exception {
        // given
        Sale sale = openSale(2);
        var reserved = (ReservationOutcome.Reserved) orderContext.getBean(StockLedger.class)
                .reserve(sale, "twice", 1, OrderIds.next(), now);
        String body = body(reserved.reservation());

        // when: a redelivery with another message id, then the same batch again
        SQSBatchResponse first = orderHandler.handleRequest(event(record("m-1", body), record("m-2", body)), null);
        SQSBatchResponse again = orderHandler.handleRequest(event(record("m-3", body)), null);

        // then
        assertTrue(first.getBatchItemFailures().isEmpty());
        assertTrue(again.getBatchItemFailures().isEmpty());
        List<Order> orders = orderContext.getBean(OrderStore.class).listBySale(sale.id());
        assertEquals(1, orders.size());
        assertEquals(OrderStatus.CONFIRMED, orders.get(0).status());
    }

    @Test
    void handleRequest_shouldReportOnlyThePoisonMessage_whenABatchMixesGoodAndBad() throws Exception {
        // given
        Sale sale = openSale(2);
        var reserved = (ReservationOutcome.Reserved) orderContext.getBean(StockLedger.class)
                .reserve(sale, "good", 1, OrderIds.next(), now);

        // when
        SQSBatchResponse response = orderHandler.handleRequest(event(
                record("poison-1", "{not json"),
                record("ok-1", body(reserved.reservation())),
                record("poison-2", "{\"version\":99,\"orderId\":\"x\"}")), null);

        // then
        List<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        assertEquals(List.of("poison-1", "poison-2"), failed);
        assertEquals(OrderStatus.CONFIRMED, orderContext.getBean(OrderStore.class)
                .find(reserved.reservation().orderId()).orElseThrow().status());
    }

    @Test
    void write_shouldRejectTheOrder_whenItsReservationWasReleased() {
        // given: admission gave the unit back (it believed the enqueue failed) but the message got through
        Sale sale = openSale(1);
        StockLedger ledger = orderContext.getBean(StockLedger.class);
        var reserved = (ReservationOutcome.Reserved) ledger.reserve(sale, "ghost", 1, OrderIds.next(), now);
        ledger.release(reserved.reservation());

        // when
        Order order = orderContext.getBean(OrderWriter.class).write(reserved.reservation());

        // then
        assertEquals(OrderStatus.REJECTED, order.status());
        assertEquals(RejectionReason.RESERVATION_RELEASED, order.reason());
        assertEquals(1, ledger.remaining(sale), "the unit stays on sale");
    }

    @Test
    void purchase_shouldGiveTheUnitBack_whenTheQueueRefusesTheMessage() throws Exception {
        // given: admission configured with a queue that does not exist on the (real) SQS server
        String missingQueue = LocalCloudFixture.cloud().queueUrl("OrderQueue") + "-missing";
        try (ApplicationContext broken = LocalCloudFixture.contextOf("AdmissionFunction",
                Map.of("FLASHSALE_ORDER_QUEUE_URL", missingQueue))) {
            Sale sale = openSale(1);
            PurchaseAdmission admission = broken.getBean(PurchaseAdmission.class);

            // when
            Admission result = admission.purchase(sale.id(), new PurchaseRequest("unlucky", 1));

            // then
            Admission.Refused refused = assertInstanceOf(Admission.Refused.class, result);
            assertEquals(Refusal.UNAVAILABLE, refused.refusal());
            assertEquals(1, broken.getBean(StockLedger.class).remaining(sale), "no unit is lost");
            assertInstanceOf(Admission.Admitted.class, admissionContext.getBean(PurchaseAdmission.class)
                    .purchase(sale.id(), new PurchaseRequest("unlucky", 1)), "the shopper may simply retry");
        }
    }
}
