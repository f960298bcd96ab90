package dev.flashsale.tests.orders;

import dev.flashsale.adapters.sqs.ReservationMessage;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.template.Specs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dead-letter routes that {@code ./flashsale dlq list|redrive} calls, against the whole local stack: a message
 * parked in the DLQ is listed without being consumed, and redriven after the fix it becomes its order; a redriven
 * copy of a message whose order exists already never makes a second order.
 */
class DeadLetterIT {

    private static ApplicationContext orderFunctionContext(LocalSystem system) {
        Specs.Function function = system.template().functions(system.cloud().physicalIds()).stream()
                .filter(f -> f.logicalId().equals("OrderFunction")).findFirst().orElseThrow();
        return FunctionHost.contextFor("dlq-test", system.cloud().environmentOf(function)).start();
    }

    private static void park(LocalSystem system, JsonMapper json, Reservation reservation) throws Exception {
        String body = new String(json.writeValueAsBytes(ReservationMessage.of(reservation)), StandardCharsets.UTF_8);
        system.cloud().sqs().sendMessage(b -> b.queueUrl(system.cloud().queueUrl("OrderDeadLetterQueue"))
                .messageBody(body));
    }

    @Test
    void redrive_shouldMakeEachParkedOrderOnce() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0,
                Map.of()));
             ApplicationContext context = orderFunctionContext(system)) {
            ApiClient api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
            JsonMapper json = context.getBean(JsonMapper.class);
            Instant now = Instant.now();
            assertEquals(201, api.createSale("parked", 3, now.minusSeconds(1), now.plusSeconds(3600),
                    "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}").status());
            // given: ann's order confirmed, and a copy of her message in the DLQ (delivered, failed, parked)
            ApiClient.Answer admitted = api.signedInAs("ann").post("/api/sales/parked/purchases", "{\"quantity\":1}");
            assertEquals(202, admitted.status());
            assertTrue(system.awaitQueuesDrained(Duration.ofMinutes(1)));
            String annOrder = admitted.text("orderId");
            StockLedger ledger = context.getBean(StockLedger.class);
            Reservation ann = ledger.findReservation(annOrder).orElseThrow();
            park(system, json, ann);
            // and bob's reservation, whose message failed its five receives before the fix
            Sale sale = context.getBean(SaleCatalog.class).find("parked").orElseThrow();
            Reservation bob = ((ReservationOutcome.Reserved) ledger.reserve(sale, "bob", 1, OrderIds.next(), now))
                    .reservation();
            park(system, json, bob);

            // when: listed (twice: listing consumes nothing)
            api.get("/api/admin/dead-letters");
            ApiClient.Answer listed = api.get("/api/admin/dead-letters");

            // then
            assertEquals(200, listed.status(), listed.rawBody());
            assertEquals(2, listed.number("queued"), listed.rawBody());
            assertTrue(listed.rawBody().contains(annOrder) && listed.rawBody().contains(bob.orderId()), listed.rawBody());
            assertTrue(!listed.rawBody().contains("\"ann\""), "no shopper ids in the listing");

            // when: redriven, and ann's copy parked and redriven once more
            ApiClient.Answer redriven = api.post("/api/admin/dead-letters/redrive", null);
            assertEquals(200, redriven.status(), redriven.rawBody());
            assertEquals(2, redriven.number("redriven"));
            assertTrue(system.awaitQueuesDrained(Duration.ofMinutes(1)));
            park(system, json, ann);
            assertEquals(1, api.post("/api/admin/dead-letters/redrive", null).number("redriven"));
            assertTrue(system.awaitQueuesDrained(Duration.ofMinutes(1)));

            // then: bob's order exists now, ann still has exactly one, and the DLQ is empty
            assertEquals("CONFIRMED", api.signedInAs("bob").get("/api/orders/" + bob.orderId()).text("status"));
            assertEquals("CONFIRMED", api.signedInAs("ann").get("/api/orders/" + annOrder).text("status"));
            List<?> orders = context.getBean(dev.flashsale.core.port.OrderStore.class).listBySale("parked");
            assertEquals(2, orders.size(), orders.toString());
            ApiClient.Answer report = api.get("/api/admin/sales/parked/report");
            assertEquals(2, report.number("confirmed"));
            assertEquals(2, report.number("buyers"));
            assertEquals(0, report.number("duplicateBuyers"));
            assertEquals(0, api.get("/api/admin/dead-letters").number("queued"));
        } finally {
            executor.shutdownNow();
        }
    }
}
