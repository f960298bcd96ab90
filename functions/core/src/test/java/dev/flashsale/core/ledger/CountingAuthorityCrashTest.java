package dev.flashsale.core.ledger;

import dev.flashsale.core.ledger.InMemoryLedgerItems.Crash;
import dev.flashsale.core.ledger.InMemoryLedgerItems.Fault;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.reconcile.SaleAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis backend's authoritative count (three writes: intent, shard take, intent CLAIMED) under a crash after
 * each write, a failed write, and duplicate deliveries: each order is counted once, units never go missing.
 */
class CountingAuthorityCrashTest {

    private static final int STOCK = 3;
    private final LedgerWorld world = new LedgerWorld(STOCK, 1, 2, true);

    private Reservation reservation(String orderId, String userId) {
        return new Reservation(orderId, world.sale.id(), userId, 1, 0, world.now());
    }

    @ParameterizedTest(name = "crash after count write {0}")
    @ValueSource(ints = {1, 2, 3})
    void redelivery_shouldConfirmOnceAndReconcileTheBooks_whenTheOrderFunctionCrashesAfterAnyWrite(int write) {
        // given
        Reservation reservation = reservation("order-a", "alice");
        world.items.failAt(write, Fault.CRASH);
        assertThrows(Crash.class, () -> world.writer.write(reservation));
        world.items.heal();

        // when: the reconciler runs once the intent is stale, then the message comes back (or the reconciler
        // wrote the order itself), then the reconciler runs again
        world.reconcileLater();
        assertEquals(OrderStatus.CONFIRMED, world.writer.write(reservation).status());
        Reconciliation.Report report = world.reconcileLater();

        // then
        SaleAccount account = world.account(report);
        assertEquals(1, world.sold());
        assertEquals(0, account.unaccounted(), account.toString());
        assertEquals(STOCK - 1, world.items.remaining(world.sale), "counted exactly once");
        assertTrue(world.reconciliation().run().repairs().isEmpty());
    }

    @ParameterizedTest(name = "crash after count write {0}, redelivered after the delivery's lifetime")
    @ValueSource(ints = {1, 2})
    void redelivery_shouldTakeTheCountOver_whenTheDeliveryThatStartedItCannotBeRunningAnyMore(int write) {
        // given: the order function died mid-count; its intent is left TAKING
        Reservation reservation = reservation("order-a", "alice");
        world.items.failAt(write, Fault.CRASH);
        assertThrows(Crash.class, () -> world.writer.write(reservation));
        world.items.heal();

        // when: a redelivery comes while it could still be running, then one past any delivery's lifetime
        assertThrows(IllegalStateException.class, () -> world.writer.write(reservation), "maybe still at work");
        world.later(CountingAuthority.DELIVERY_LIFETIME.plusSeconds(1));
        OrderStatus redelivered = world.writer.write(reservation).status();
        Reconciliation.Report report = world.reconcileLater();

        // then: the order is written (before, every redelivery failed until the message sat in the DLQ), counted
        // once once the books are reconciled
        assertEquals(OrderStatus.CONFIRMED, redelivered);
        assertEquals(1, world.sold());
        assertEquals(0, world.account(report).unaccounted(), world.account(report).toString());
        assertEquals(STOCK - 1, world.items.remaining(world.sale), "counted exactly once");
    }

    @ParameterizedTest(name = "timeout after count write {0}")
    @ValueSource(ints = {1, 2, 3})
    void redelivery_shouldCountOnce_whenACountWriteLandsButTimesOut(int write) {
        Reservation reservation = reservation("order-a", "alice");
        world.items.failAt(write, Fault.LANDED_THEN_TIMEOUT);
        assertThrows(IllegalStateException.class, () -> world.writer.write(reservation));
        world.items.heal();

        assertEquals(OrderStatus.CONFIRMED, world.writer.write(reservation).status(), "the redelivery");
        Reconciliation.Report report = world.reconcileLater();

        assertEquals(0, world.account(report).unaccounted());
        assertEquals(STOCK - 1, world.items.remaining(world.sale));
        assertEquals(1, world.sold());
    }

    @Test
    void confirm_shouldRefuseTheExcess_andCountEachOrderOnce_whenMessagesComeTwice() {
        for (int i = 0; i < STOCK + 2; i++) {
            Reservation reservation = reservation("order-" + i, "user-" + i);
            world.writer.write(reservation);
            world.writer.write(reservation);
        }

        assertEquals(STOCK, world.sold());
        assertEquals(2, world.orders.values().stream()
                .filter(o -> OrderWriter.REASON_STOCK_EXHAUSTED.equals(o.reason())).count());
        assertEquals(0, world.items.remaining(world.sale));
        assertEquals(0, world.account(world.reconcileLater()).unaccounted());
    }
}
