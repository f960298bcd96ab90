package dev.flashsale.core.payment;

import dev.flashsale.core.fakes.Fixtures;
import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderExpiryTest {

    /** The admission cache's part (Redis backend): once per order id, as restock.lua does it. */
    private static final class CacheCopy implements UnitReturns {
        int stock;
        final Set<String> guard = new HashSet<>();

        @Override
        public void giveBack(Sale sale, Order order) {
            if (guard.add(order.orderId())) {
                stock += order.quantity();
            }
        }

        @Override
        public void settle(Sale sale, Order order) {
            guard.remove(order.orderId());
        }
    }

    private final InMemoryOrders orders = new InMemoryOrders();
    private final InMemoryLedgerItems items = new InMemoryLedgerItems();
    private final CacheCopy cache = new CacheCopy();
    private final List<Order> expired = new ArrayList<>();
    private final Sale sale = Fixtures.saleWithWindow(10);
    private final InMemorySaleCatalog catalog = new InMemorySaleCatalog(sale);
    private final ScriptedGateway gateway = new ScriptedGateway();

    OrderExpiryTest() {
        items.fill(sale, sale.stock());
    }

    private OrderExpiry expiryAt(Instant now) {
        return new OrderExpiry(catalog, orders, new GiveBack(items), cache, gateway, Clock.fixed(now, ZoneOffset.UTC),
                expired::add);
    }

    /** A confirmed order as the order writer leaves it: its unit taken, counted, claimed by its intent. */
    private Order bought(String userId, Instant payBy) {
        Order order = orders.writeOnce(Fixtures.confirmed(userId, payBy));
        int shard = items.take(sale, 1, "take:" + order.orderId());
        items.countBuyer(sale, userId, order.orderId(), 1);
        items.putIntent(new Intent(order.orderId(), sale.id(), userId, 1, shard, IntentState.CLAIMED,
                order.createdAt()));
        return order;
    }

    private long stock() {
        return items.remaining(sale);
    }

    @Test
    void run_shouldExpireTheOrderAndGiveItsUnitBack_whenUnpaidPastDeadlineAndGrace() {
        Order order = bought("ann", NOW);

        OrderExpiry.Report report = expiryAt(NOW.plus(OrderExpiry.GRACE).plusSeconds(1)).run();

        assertEquals(new OrderExpiry.Report(1, 1), report);
        assertEquals(OrderStatus.EXPIRED, orders.find(order.orderId()).orElseThrow().status());
        assertEquals(10, stock());
        assertEquals(1, cache.stock);
        assertEquals(0, items.bought(sale.id(), "ann"));
        assertEquals(IntentState.RELEASED, items.intent(order.orderId()).orElseThrow().state());
        assertEquals(List.of(order.orderId()), expired.stream().map(Order::orderId).toList());
        assertEquals(List.of(order), orders.due(sale.id(), NOW.plus(OrderExpiry.GRACE).plusSeconds(1)).stream()
                .map(o -> o.withStatus(OrderStatus.CONFIRMED)).toList(), "due until its last refund");
        OrderExpiry.Report last = expiryAt(NOW.plus(OrderExpiry.GRACE).plus(OrderExpiry.LATE_CHARGE)).run();
        assertEquals(new OrderExpiry.Report(0, 0), last, "counted once, at the pass that expired it");
        assertTrue(cache.guard.isEmpty(), "settled with its last refund");
        assertEquals(10, stock());
        assertEquals(1, cache.stock);
    }

    @Test
    void run_shouldLeaveOrders_whenPaidOrStillWithinDeadlineAndGrace() {
        Order paid = bought("ann", NOW.minusSeconds(600));
        orders.markPaid(paid.orderId(), "ch_1", NOW.minusSeconds(700));
        Order inGrace = bought("bob", NOW.minusSeconds(5));
        Order inWindow = bought("cy", NOW.plusSeconds(60));
        Order noWindow = orders.writeOnce(Order.confirmed(Fixtures.reservation("dee")));

        OrderExpiry.Report report = expiryAt(NOW).run();

        assertEquals(new OrderExpiry.Report(0, 0), report);
        assertEquals(OrderStatus.PAID, orders.find(paid.orderId()).orElseThrow().status());
        for (Order order : List.of(inGrace, inWindow, noWindow)) {
            assertEquals(OrderStatus.CONFIRMED, orders.find(order.orderId()).orElseThrow().status());
        }
        assertEquals(7, stock());
    }

    @Test
    void run_shouldGiveTheUnitBackOnce_whenAPassStoppedAfterGivingItBack() {
        Order order = bought("ann", NOW.minusSeconds(600));
        InMemoryOrders crashing = new InMemoryOrders() {
            private boolean crashed;

            @Override
            public void markRestocked(String orderId) {
                if (!crashed) {
                    crashed = true;
                    throw new IllegalStateException("the reconciler died here");
                }
                super.markRestocked(orderId);
            }
        };
        crashing.orders.putAll(orders.orders);
        OrderExpiry expiry = new OrderExpiry(catalog, crashing, new GiveBack(items), cache, gateway,
                Clock.fixed(NOW, ZoneOffset.UTC), expired::add);

        assertThrows(IllegalStateException.class, expiry::run);
        OrderExpiry.Report resumed = expiry.run();
        OrderExpiry.Report again = expiry.run();

        // the stopped pass expired it and gave its unit back (counted there, once); the next one finished it
        assertEquals(List.of(order.orderId()), expired.stream().map(Order::orderId).toList());
        assertEquals(new OrderExpiry.Report(0, 0), resumed);
        assertEquals(new OrderExpiry.Report(0, 0), again);
        assertEquals(10, stock());
        assertEquals(1, cache.stock);
        assertEquals(0, items.bought(sale.id(), "ann"));
        assertEquals(OrderStatus.EXPIRED, crashing.find(order.orderId()).orElseThrow().status());
    }

    @Test
    void run_shouldRefundACharge_whenThePaymentDiedBeforeRecordingIt() {
        Order order = bought("ann", NOW.minusSeconds(600));
        gateway.charge(new Charge(order.orderId(), 8900, "EUR", "test-approve")); // charged, never marked paid

        expiryAt(NOW).run();

        assertEquals(List.of(order.orderId()), gateway.refunds);
        assertTrue(gateway.charges.isEmpty());
        assertEquals(OrderStatus.EXPIRED, orders.find(order.orderId()).orElseThrow().status());
    }

    /** Issue 20, the late charge: it lands at the provider after the expiry's refund, its answer long lost. */
    @Test
    void run_shouldRefundAChargeThatLandedAfterTheExpirysRefund_whenPastTheLateChargeWindow() {
        // given: an unpaid order expired (its refund found nothing), then its charge, sent in time, lands
        Order order = bought("ann", NOW);
        expiryAt(NOW.plus(OrderExpiry.GRACE).plusSeconds(1)).run();
        gateway.charge(new Charge(order.orderId(), 8900, "EUR", "test-approve"));

        // when: the passes go on
        expiryAt(NOW.plus(OrderExpiry.GRACE).plusSeconds(61)).run();
        expiryAt(NOW.plus(OrderExpiry.GRACE).plus(OrderExpiry.LATE_CHARGE)).run();

        // then: nothing stays charged for it; its unit came back once
        assertTrue(gateway.charges.isEmpty(), "still charged: " + gateway.charges.keySet());
        assertEquals(List.of(order.orderId()), gateway.refunds);
        assertEquals(10, stock());
        assertEquals(1, cache.stock);
        assertTrue(orders.due(sale.id(), NOW.plus(OrderExpiry.LATE_CHARGE)).isEmpty(), "no longer due");
    }

    @Test
    void run_shouldChangeNothing_whenRunTwice() {
        bought("ann", NOW.minusSeconds(600));
        bought("bob", NOW.minusSeconds(600));

        OrderExpiry.Report first = expiryAt(NOW).run();
        OrderExpiry.Report second = expiryAt(NOW).run();

        assertEquals(new OrderExpiry.Report(2, 2), first);
        assertEquals(new OrderExpiry.Report(0, 0), second);
        assertEquals(10, stock());
        assertEquals(2, cache.stock);
    }
}
