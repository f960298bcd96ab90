package dev.flashsale.tests.orders;

import dev.flashsale.adapters.redis.SaleKeys;
import dev.flashsale.core.cache.CacheRecovery;
import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.order.RejectionReason;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.PurchaseAdmission;
import dev.flashsale.core.purchase.PurchaseRequest;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.tests.LocalCloudFixture;
import io.lettuce.core.RestoreArgs;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis loses a sale in the middle of it (a flush, a failover without the latest writes) and is then loaded
 * with stale, too-high stock: it admits more than the stock. DynamoDB, the authoritative ledger, refuses the
 * excess, so confirmed orders still equal the stock, and the refused ones say why.
 */
class RedisCacheLossIT {

    private static ApplicationContext admissionContext;
    private static ApplicationContext orderContext;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> redis = Map.of("FLASHSALE_STOCK_BACKEND", "redis");
        admissionContext = LocalCloudFixture.contextOf("AdmissionFunction", redis);
        orderContext = LocalCloudFixture.contextOf("OrderFunction", redis);
    }

    @AfterAll
    static void stop() {
        admissionContext.close();
        orderContext.close();
    }

    @Test
    void orderWriter_shouldRejectTheExcess_whenRedisAdmitsBeyondStockAfterAFlush() throws Exception {
        // given: 10 units, 6 sold and confirmed
        Instant now = Instant.now();
        Sale sale = new Sale("flushed-sale", "Flush", 10, now.minusSeconds(60), now.plusSeconds(3600), 1, 2,
                Protection.NONE);
        admissionContext.getBean(SaleAdministration.class).put(sale);
        PurchaseAdmission admission = admissionContext.getBean(PurchaseAdmission.class);
        StockLedger ledger = orderContext.getBean(StockLedger.class);
        OrderWriter writer = orderContext.getBean(OrderWriter.class);
        for (int i = 0; i < 6; i++) {
            Admission.Admitted admitted = (Admission.Admitted) admission.purchase(sale.id(), new PurchaseRequest("early-" + i, 1));
            writer.write(ledger.findReservation(admitted.orderId()).orElseThrow());
        }

        // when: Redis is flushed mid-sale...
        LocalCloudFixture.cloud().redis().flushAll(); // as the runner: FLUSHALL is not the functions' to run
        Admission duringLoss = admission.purchase(sale.id(), new PurchaseRequest("unlucky", 1));
        // ...and restored from a stale snapshot that still shows all 10 units and no buyers
        admissionContext.getBean(StockLedger.class).open(sale, 10);
        List<Reservation> late = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Admission.Admitted admitted = (Admission.Admitted) admission.purchase(sale.id(), new PurchaseRequest("late-" + i, 1));
            late.add(ledger.findReservation(admitted.orderId()).orElseThrow());
        }
        List<Order> lateOrders = new ArrayList<>();
        for (Reservation reservation : late) {
            lateOrders.add(writer.write(reservation));
            writer.write(reservation); // a redelivery changes nothing
        }

        // then
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, duringLoss);
        assertEquals(Refusal.UNAVAILABLE, refused.refusal());
        List<Order> all = orderContext.getBean(OrderStore.class).listBySale(sale.id());
        assertEquals(10, all.stream().filter(o -> o.status() == OrderStatus.CONFIRMED).count(),
                "confirmed orders equal the stock");
        List<Order> rejected = lateOrders.stream().filter(o -> o.status() == OrderStatus.REJECTED).toList();
        assertEquals(6, rejected.size());
        assertTrue(rejected.stream().allMatch(o -> RejectionReason.STOCK_EXHAUSTED.equals(o.reason())));
        Order stored = orderContext.getBean(OrderStore.class).find(rejected.get(0).orderId()).orElseThrow();
        assertEquals(OrderStatus.REJECTED, stored.status(), "the shopper sees the rejection");
        assertEquals(RejectionReason.STOCK_EXHAUSTED, stored.reason());
    }

    /**
     * Issue 20, F9: a failover to a replica that lacks the last acknowledged writes. The sale's keys survive (so no
     * restore starts) but as they were before ann's purchase: her hold is gone and the cache admits her again. The
     * authority's buyer count refuses the second unit past the limit of 1, named LIMIT_REACHED, and the unit stays
     * on offer in the cache.
     */
    @Test
    void orderWriter_shouldKeepThePerUserLimit_whenAFailoverLostTheBuyersHold() throws Exception {
        // given: a sale of 5, one per shopper; the replica's copy of its keys as they are before ann buys
        Instant now = Instant.now();
        Sale sale = new Sale("failover-sale", "Failover", 5, now.minusSeconds(60), now.plusSeconds(3600), 1, 2,
                Protection.NONE);
        admissionContext.getBean(SaleAdministration.class).put(sale);
        PurchaseAdmission admission = admissionContext.getBean(PurchaseAdmission.class);
        StockLedger ledger = orderContext.getBean(StockLedger.class);
        OrderWriter writer = orderContext.getBean(OrderWriter.class);
        SaleKeys keys = new SaleKeys(sale.id());
        List<String> saleKeys = new ArrayList<>(List.of(keys.meta(), keys.buyers(), keys.reservations()));
        saleKeys.addAll(keys.stocks(sale.shards()));
        Map<String, byte[]> replica = new HashMap<>();
        LocalCloudFixture.cloud().redis().admin(redis -> saleKeys.forEach(key -> replica.put(key, redis.dump(key))));
        Admission.Admitted first = (Admission.Admitted) admission.purchase(sale.id(), new PurchaseRequest("ann", 1));
        assertEquals(OrderStatus.CONFIRMED,
                writer.write(ledger.findReservation(first.orderId()).orElseThrow()).status());

        // when: the failover (as the runner: the replica's keys replace the primary's), and ann buys again
        LocalCloudFixture.cloud().redis().admin(redis -> replica.forEach((key, dump) -> {
            if (dump == null) {
                redis.del(key);
            } else {
                redis.restore(key, dump, RestoreArgs.Builder.ttl(0).replace());
            }
        }));
        Admission again = admission.purchase(sale.id(), new PurchaseRequest("ann", 1));
        Admission.Admitted admitted = assertInstanceOf(Admission.Admitted.class, again,
                "the cache lost her hold and admits her");
        Reservation second = ledger.findReservation(admitted.orderId()).orElseThrow();
        Order secondOrder = writer.write(second);
        writer.write(second); // a redelivery changes nothing

        // then
        assertEquals(OrderStatus.REJECTED, secondOrder.status());
        assertEquals(RejectionReason.LIMIT_REACHED, secondOrder.reason());
        List<Order> anns = orderContext.getBean(OrderStore.class).listBySale(sale.id()).stream()
                .filter(order -> order.userId().equals("ann") && order.status() == OrderStatus.CONFIRMED).toList();
        assertEquals(1, anns.size(), "ann holds no more than the per-user limit");
        assertEquals(5, ledger.remaining(sale), "the replica's 5, the refused unit on offer again");
        assertInstanceOf(Admission.Admitted.class, admission.purchase(sale.id(), new PurchaseRequest("bob", 1)));
    }

    @Test
    void rebuild_shouldRestoreRedisFromDynamoDb_whenTheCacheWasLost() throws Exception {
        // given: 5 units, 2 confirmed, then the cache is lost
        Instant now = Instant.now();
        Sale sale = new Sale("rebuilt-sale", "Rebuild", 5, now.minusSeconds(60), now.plusSeconds(3600), 1, 2,
                Protection.NONE);
        admissionContext.getBean(SaleAdministration.class).put(sale);
        PurchaseAdmission admission = admissionContext.getBean(PurchaseAdmission.class);
        StockLedger ledger = orderContext.getBean(StockLedger.class);
        for (String user : List.of("kept-1", "kept-2")) {
            Admission.Admitted admitted = (Admission.Admitted) admission.purchase(sale.id(), new PurchaseRequest(user, 1));
            orderContext.getBean(OrderWriter.class).write(ledger.findReservation(admitted.orderId()).orElseThrow());
        }
        LocalCloudFixture.cloud().redis().flushAll(); // as the runner: FLUSHALL is not the functions' to run

        // when
        boolean rebuilt = admissionContext.getBean(CacheRecovery.class).rebuild(sale);

        // then
        assertTrue(rebuilt);
        assertEquals(3, ledger.remaining(sale));
        assertInstanceOf(Admission.Refused.class, admission.purchase(sale.id(), new PurchaseRequest("kept-1", 1)),
                "confirmed buyers are buyers again");
        assertInstanceOf(Admission.Admitted.class, admission.purchase(sale.id(), new PurchaseRequest("fresh", 1)));
    }
}
