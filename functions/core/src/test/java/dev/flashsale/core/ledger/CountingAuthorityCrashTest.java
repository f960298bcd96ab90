package dev.flashsale.core.ledger;

import dev.flashsale.core.fakes.InMemoryLedgerItems.Crash;
import dev.flashsale.core.fakes.InMemoryLedgerItems.Fault;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.RejectionReason;
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
 * The Redis backend's authoritative count (four writes: intent, buyer count, shard take, intent CLAIMED) under a
 * crash after each write, a failed write, and duplicate deliveries: each order is counted once, units never go
 * missing, and no buyer gets past the per-user limit, whatever the cache forgot.
 */
class CountingAuthorityCrashTest {

    private static final int STOCK = 3;
    private final LedgerWorld world = new LedgerWorld(STOCK, 1, 2, true);

    private Reservation reservation(String orderId, String userId) {
        return new Reservation(orderId, world.sale.id(), userId, 1, 0, world.now());
    }

    @ParameterizedTest(name = "crash after count write {0}")
    @ValueSource(ints = {1, 2, 3, 4})
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

    /**
     * The order function died mid-count and every redelivery found the count under way until the message left for
     * the DLQ; the cache (Redis) kept no claim either (it restarted empty). The reconciler is the last one who can
     * write that admitted order: it abandons the count and, once the books have given back a take that landed,
     * counts it again, so even the sale's last unit goes to its order.
     */
    @ParameterizedTest(name = "crash after count write {0} of the last unit, message gone to the DLQ")
    @ValueSource(ints = {1, 2, 3})
    void reconcile_shouldWriteTheAdmittedOrder_whenItsCountDiedAndItsMessageIsGone(int write) {
        // given: two units sold, the third order's count dies after write 1 (intent), 2 (buyer) or 3 (shard take)
        world.writer.write(reservation("order-a", "alice"));
        world.writer.write(reservation("order-b", "bob"));
        Reservation last = reservation("order-c", "carol");
        world.items.failAt(write, Fault.CRASH);
        assertThrows(Crash.class, () -> world.writer.write(last));
        world.items.heal();
        assertThrows(IllegalStateException.class, () -> world.writer.write(last), "a redelivery: count under way");

        // when: no more deliveries; the reconciler runs, twice
        Reconciliation.Report first = world.reconcileLater();
        Reconciliation.Report second = world.reconcileLater();

        // then: carol's order is written, confirmed, with the last unit; the books balance; nothing left to do
        assertEquals(OrderStatus.CONFIRMED, world.orders.get("order-c").status());
        assertEquals(STOCK, world.sold());
        assertEquals(0, world.items.remaining(world.sale));
        assertEquals(0, world.account(second).unaccounted(), world.account(second).toString());
        assertTrue(second.repairs().isEmpty(), second.repairs().toString());
        assertTrue(first.repairs().stream().anyMatch(r -> r.orderId() != null && r.orderId().equals("order-c")));
    }

    @ParameterizedTest(name = "timeout after count write {0}")
    @ValueSource(ints = {1, 2, 3, 4})
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

    /**
     * Issue 20, F9: a failover lost the cache's last acknowledged writes (alice's hold among them) but kept the
     * sale, so no restore started; the cache admits alice again. The authority's buyer count is the last word: her
     * second order ends REJECTED over the limit (named so), its unit stays on sale, and she holds no more than the
     * limit (here 1), whichever delivery of it comes.
     */
    @Test
    void write_shouldRejectOverTheLimit_whenTheCacheLostTheBuyersHold() {
        // given: alice's first order counted and confirmed
        assertEquals(OrderStatus.CONFIRMED, world.writer.write(reservation("order-a1", "alice")).status());

        // when: the cache, with her hold lost, admitted her again; its message comes twice
        Reservation again = reservation("order-a2", "alice");
        var second = world.writer.write(again);
        var redelivered = world.writer.write(again);

        // then
        assertEquals(OrderStatus.REJECTED, second.status());
        assertEquals(RejectionReason.LIMIT_REACHED, second.reason());
        assertEquals(OrderStatus.REJECTED, redelivered.status());
        assertEquals(1, world.soldTo("alice"), "no more than the per-user limit");
        assertEquals(STOCK - 1, world.items.remaining(world.sale), "the refused order took no unit");
        assertEquals(1, world.items.bought(world.sale.id(), "alice"));
        Reconciliation.Report report = world.reconcileLater();
        assertEquals(0, world.account(report).unaccounted(), world.account(report).toString());
        assertTrue(world.reconciliation().run().repairs().isEmpty());
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
                .filter(o -> RejectionReason.STOCK_EXHAUSTED.equals(o.reason())).count());
        assertEquals(0, world.items.remaining(world.sale));
        assertEquals(0, world.account(world.reconcileLater()).unaccounted());
    }
}
