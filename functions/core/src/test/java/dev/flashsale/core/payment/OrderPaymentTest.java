package dev.flashsale.core.payment;

import dev.flashsale.core.fakes.CountingStockLedger;
import dev.flashsale.core.fakes.Fixtures;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderLookup;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.RejectionReason;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderPaymentTest {

    private final InMemoryOrders orders = new InMemoryOrders();
    private final ScriptedGateway gateway = new ScriptedGateway();
    private final OrderPayment payment = new OrderPayment(new OrderLookup(orders, new CountingStockLedger()),
            orders, new InMemorySaleCatalog(Fixtures.saleWithWindow(10)), gateway, Clock.fixed(NOW, ZoneOffset.UTC));

    private Order confirmedUntil(java.time.Instant payBy) {
        return orders.writeOnce(Fixtures.confirmed("ann", payBy));
    }

    @Test
    void pay_shouldChargeThePriceAndMarkPaid_whenConfirmedWithinItsWindow() {
        Order order = confirmedUntil(NOW.plusSeconds(60));

        PaymentOutcome outcome = payment.pay(order.orderId(), order.userId(), "test-approve");

        assertInstanceOf(PaymentOutcome.Paid.class, outcome);
        assertEquals(OrderStatus.PAID, orders.find(order.orderId()).orElseThrow().status());
        assertEquals(8900, gateway.charges.get(order.orderId()).amountCents());
        assertEquals("EUR", gateway.charges.get(order.orderId()).currency());
    }

    @Test
    void pay_shouldChargeOnce_whenPaidTwice() {
        Order order = confirmedUntil(NOW.plusSeconds(60));

        payment.pay(order.orderId(), order.userId(), "test-approve");
        PaymentOutcome second = payment.pay(order.orderId(), order.userId(), "test-approve");

        assertInstanceOf(PaymentOutcome.Paid.class, second);
        assertEquals(1, gateway.requests.size());
        assertEquals(1, gateway.charges.size());
    }

    @Test
    void pay_shouldKeepTheOrderPayable_whenDeclined() {
        Order order = confirmedUntil(NOW.plusSeconds(60));

        PaymentOutcome declined = payment.pay(order.orderId(), order.userId(), "test-decline");
        PaymentOutcome retried = payment.pay(order.orderId(), order.userId(), "test-approve");

        assertInstanceOf(PaymentOutcome.Declined.class, declined);
        assertInstanceOf(PaymentOutcome.Paid.class, retried);
        assertEquals(1, gateway.charges.size());
    }

    @Test
    void pay_shouldAnswerPendingAndChargeOnce_whenTheProviderStallsThenAnswers() {
        Order order = confirmedUntil(NOW.plusSeconds(60));

        PaymentOutcome stalled = payment.pay(order.orderId(), order.userId(), "test-stall");
        assertEquals(OrderStatus.CONFIRMED, orders.find(order.orderId()).orElseThrow().status());
        PaymentOutcome retried = payment.pay(order.orderId(), order.userId(), "test-approve");

        assertInstanceOf(PaymentOutcome.Pending.class, stalled);
        assertInstanceOf(PaymentOutcome.Paid.class, retried);
        assertEquals(1, gateway.charges.size());
    }

    @Test
    void pay_shouldRefuseWithoutCharging_whenPastTheDeadline() {
        Order order = confirmedUntil(NOW.minusMillis(1));

        PaymentOutcome outcome = payment.pay(order.orderId(), order.userId(), "test-approve");

        assertInstanceOf(PaymentOutcome.Expired.class, outcome);
        assertTrue(gateway.requests.isEmpty());
        assertEquals(OrderStatus.CONFIRMED, orders.find(order.orderId()).orElseThrow().status());
    }

    @Test
    void pay_shouldRefundTheCharge_whenTheExpiryWinsTheRace() {
        Order order = confirmedUntil(NOW.plusSeconds(1));
        gateway.beforeAnswer = () -> orders.markExpired(order.orderId(), NOW.plusSeconds(2));

        PaymentOutcome outcome = payment.pay(order.orderId(), order.userId(), "test-approve");

        assertInstanceOf(PaymentOutcome.Expired.class, outcome);
        assertEquals(java.util.List.of(order.orderId()), gateway.refunds);
        assertTrue(gateway.charges.isEmpty());
        assertEquals(OrderStatus.EXPIRED, orders.find(order.orderId()).orElseThrow().status());
    }

    /** Issue 20, the late charge: the shopper's retry after a lost answer finds the order expired. */
    @Test
    void pay_shouldRefundALateCharge_whenARetryFindsTheOrderExpired() {
        // given: a charge whose answer was lost (the invocation timed out), landed after the order expired
        Order order = confirmedUntil(NOW.plusSeconds(1));
        gateway.charge(new Charge(order.orderId(), 8900, "EUR", "test-approve"));
        orders.markExpired(order.orderId(), NOW.plusSeconds(2));

        // when: the shopper retries
        PaymentOutcome outcome = payment.pay(order.orderId(), order.userId(), "test-approve");

        // then: told it expired, and nothing stays charged for it
        assertInstanceOf(PaymentOutcome.Expired.class, outcome);
        assertEquals(java.util.List.of(order.orderId()), gateway.refunds);
        assertTrue(gateway.charges.isEmpty());
    }

    @Test
    void pay_shouldRefuse_whenTheOrderTakesNoPayment() {
        Order noWindow = orders.writeOnce(Order.confirmed(Fixtures.reservation("bob")));
        Order rejected = orders.writeOnce(Order.rejected(Fixtures.reservation("cy"), RejectionReason.STOCK_EXHAUSTED));

        assertInstanceOf(PaymentOutcome.NotPayable.class, 
                payment.pay(noWindow.orderId(), noWindow.userId(), "test-approve"));
        assertInstanceOf(PaymentOutcome.NotPayable.class, 
                payment.pay(rejected.orderId(), rejected.userId(), "test-approve"));
        assertInstanceOf(PaymentOutcome.NotFound.class, payment.pay(UUID.randomUUID().toString(), "ann", "test-approve"));
        assertInstanceOf(PaymentOutcome.NotFound.class, payment.pay("not-an-order-id", "ann", "test-approve"));
        assertTrue(gateway.requests.isEmpty());
    }

    @Test
    void pay_shouldRefuseWithoutCharging_whenTheOrderIsAnotherShoppers() {
        Order order = confirmedUntil(NOW.plusSeconds(60));

        PaymentOutcome outcome = payment.pay(order.orderId(), "mallory", "test-approve");

        assertInstanceOf(PaymentOutcome.NotYours.class, outcome);
        assertTrue(gateway.requests.isEmpty());
        assertEquals(OrderStatus.CONFIRMED, orders.find(order.orderId()).orElseThrow().status());
    }
}
