package dev.flashsale.tests.e2e;

import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.port.OrderPayments;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.template.Specs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sale with a payment window over HTTP, on both backends: pay (declined, stalled, approved, twice), and an
 * order left unpaid that expires, after which the admission containers sell its unit to a later shopper.
 */
class PaymentEndToEndIT {

    private static final String PURCHASE = "{\"quantity\":1}";

    /** {@code shopper}: a client signed in as the buyer; the token says who buys, reads and pays. */
    private static String confirmedOrder(LocalSystem system, ApiClient shopper, String saleId) throws Exception {
        ApiClient.Answer admitted = shopper.post("/api/sales/" + saleId + "/purchases", PURCHASE);
        assertEquals(202, admitted.status(), admitted.rawBody());
        assertTrue(system.awaitQueuesDrained(Duration.ofMinutes(1)));
        String orderId = admitted.text("orderId");
        assertEquals("CONFIRMED", shopper.get("/api/orders/" + orderId).text("status"));
        return orderId;
    }

    private static ApiClient.Answer pay(ApiClient api, String orderId, String method) {
        return api.post("/api/orders/" + orderId + "/payment", "{\"method\":" + ApiClient.quote(method) + "}");
    }

    /** The reconciler's expiry, as its container builds it, run at {@code now} (after the deadline and grace). */
    private static OrderExpiry.Report expireAt(LocalSystem system, Instant now) throws Exception {
        Specs.Function reconciler = system.template().functions(system.cloud().physicalIds()).stream()
                .filter(f -> f.logicalId().equals("ReconcilerFunction")).findFirst().orElseThrow();
        try (ApplicationContext context = FunctionHost.contextFor("expiry-test",
                system.cloud().environmentOf(reconciler)).start()) {
            return new OrderExpiry(context.getBean(SaleCatalog.class, Qualifiers.byName("source")),
                    context.getBean(OrderPayments.class), context.getBean(GiveBack.class),
                    context.getBean(UnitReturns.class), context.getBean(dev.flashsale.core.port.PaymentGateway.class),
                    Clock.fixed(now, ZoneOffset.UTC), expired -> { }).run();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void payment_shouldChargeOnceOrExpireAndResell(String backend) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0,
                Map.of("StockBackend", backend)))) {
            ApiClient api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
            // given: one unit, ten minutes to pay; and a sale without a payment window
            Instant now = Instant.now();
            String saleId = "pay-" + backend;
            assertEquals(201, api.put("/api/admin/sales/" + saleId, "{\"name\":\"Pay\",\"stock\":1,\"priceCents\":8900,"
                    + "\"startsAt\":\"" + now.minusSeconds(1) + "\",\"endsAt\":\"" + now.plusSeconds(3600) + "\","
                    + "\"paymentMinutes\":10,\"protection\":{\"challenge\":\"off\",\"perIpPerSecond\":0,"
                    + "\"perUserPerSecond\":0}}").status());
            assertEquals(10, api.get("/api/admin/sales/" + saleId).number("paymentMinutes"));
            assertEquals(400, api.put("/api/admin/sales/bad-window", "{\"name\":\"Bad\",\"stock\":1,\"startsAt\":\""
                    + now + "\",\"endsAt\":\"" + now.plusSeconds(60) + "\",\"paymentMinutes\":-5}").status());
            ApiClient asAnn = api.signedInAs("ann");
            ApiClient asBob = api.signedInAs("bob");
            String ann = confirmedOrder(system, asAnn, saleId);
            ApiClient.Answer annOrder = asAnn.get("/api/orders/" + ann);
            Instant payBy = Instant.parse(annOrder.text("payBy"));
            assertTrue(payBy.isAfter(now.plusSeconds(9 * 60)), annOrder.rawBody());

            // when / then: bad bodies, a declined card and a stalled provider leave the order payable
            assertEquals(400, asAnn.post("/api/orders/" + ann + "/payment", "{not json").status());
            assertEquals(400, asAnn.post("/api/orders/" + ann + "/payment", "{\"method\":\"\"}").status());
            ApiClient.Answer typed = asAnn.post("/api/orders/" + ann + "/payment", "{\"method\":7}");
            assertEquals(400, typed.status());
            assertTrue(typed.text("message").contains("method"), typed.rawBody());
            // nobody pays without signing in, nor pays another shopper's order (nothing is charged)
            ApiClient.Answer anonymous = pay(api, ann, "test-approve");
            assertEquals(401, anonymous.status());
            assertEquals("UNAUTHORIZED", anonymous.text("error"));
            ApiClient.Answer notHers = pay(asBob, ann, "test-approve");
            assertEquals(403, notHers.status(), notHers.rawBody());
            assertEquals("FORBIDDEN", notHers.text("error"));
            assertEquals(403, asBob.get("/api/orders/" + ann).status());
            ApiClient.Answer declined = pay(asAnn, ann, "test-decline");
            assertEquals(402, declined.status());
            assertEquals("PAYMENT_DECLINED", declined.text("error"));
            ApiClient.Answer stalled = pay(asAnn, ann, "test-stall");
            assertEquals(503, stalled.status());
            assertEquals("PAYMENT_PENDING", stalled.text("error"));
            assertNotNull(stalled.header("Retry-After"));
            assertEquals("CONFIRMED", asAnn.get("/api/orders/" + ann).text("status"));
            assertEquals(404, pay(asAnn, "00000000-0000-4000-8000-000000000000", "test-approve").status());
            assertEquals(410, asBob.post("/api/sales/" + saleId + "/purchases", PURCHASE).status());

            // when: nobody pays, and the reconciler passes after the deadline (twice: the second changes nothing)
            Instant afterDeadline = payBy.plus(OrderExpiry.GRACE).plusSeconds(1);
            assertEquals(new OrderExpiry.Report(1, 1), expireAt(system, afterDeadline));
            assertEquals(new OrderExpiry.Report(0, 0), expireAt(system, afterDeadline));

            // then: the order is expired for good, and the unit is on sale again for a later shopper
            assertEquals("EXPIRED", asAnn.get("/api/orders/" + ann).text("status"));
            ApiClient.Answer late = pay(asAnn, ann, "test-approve");
            assertEquals(410, late.status());
            assertEquals("ORDER_EXPIRED", late.text("error"));
            ApiClient.Answer again = asBob.post("/api/sales/" + saleId + "/purchases", PURCHASE);
            // the containers' sold-out memory lasts a second: a retry after it finds the unit
            for (int attempt = 0; attempt < 10 && again.status() == 410; attempt++) {
                Thread.sleep(1100);
                again = asBob.post("/api/sales/" + saleId + "/purchases", PURCHASE);
            }
            assertEquals(202, again.status(), again.rawBody());
            assertTrue(system.awaitQueuesDrained(Duration.ofMinutes(1)));
            String bob = again.text("orderId");
            ApiClient.Answer paid = pay(asBob, bob, "test-approve");
            assertEquals(200, paid.status(), paid.rawBody());
            assertEquals("PAID", paid.text("status"));
            assertEquals("PAID", pay(asBob, bob, "test-approve").text("status"), "paying twice is one payment");
            assertEquals("PAID", asBob.get("/api/orders/" + bob).text("status"));
            ApiClient.Answer report = api.get("/api/admin/sales/" + saleId + "/report");
            assertEquals(1, report.number("confirmed"), report.rawBody());
            assertEquals(1, report.number("paid"));
            assertEquals(1, report.number("expired"));
            assertEquals(0, report.number("remaining"));
            assertEquals(0, report.number("oversold"));
        } finally {
            executor.shutdownNow();
        }
    }
}
