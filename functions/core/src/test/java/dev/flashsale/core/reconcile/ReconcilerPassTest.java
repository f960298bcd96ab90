package dev.flashsale.core.reconcile;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconciler passes: one at a time per sale, and one sale's failure stops neither the others nor the expiry. */
class ReconcilerPassTest {

    /**
     * F3: an on-demand pass (the admin route) overlaps the scheduled one. Both read the same shard total and both
     * used to return the same orphan.
     */
    @Test
    void run_shouldReturnAnOrphanOnce_whenTwoPassesOverlap() {
        // given: a take whose record was lost (one orphan unit)
        SaleWorld world = new SaleWorld(SaleWorld.Backend.DYNAMODB, Duration.ofMinutes(20), SaleWorld.sale("s1", 2, 0));
        world.items.take(world.sale("s1"), 1, "take:lost");
        AtomicBoolean shardsRead = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicReference<Reconciliation.Report> onDemand = new AtomicReference<>();
        // the on-demand pass runs whole while the scheduled one is between reading the shards and the records
        world.items.beforeEachCall(call -> {
            if (call.name().equals("remaining")) {
                shardsRead.set(true);
            } else if (call.name().equals("pendingIntents") && shardsRead.get()
                    && overlapped.compareAndSet(false, true)) {
                onDemand.set(world.reconciliation().run());
            }
        });

        // when: the overlapped pass sees the orphan; the next passes, a minute apart, return it (and no more)
        world.reconciliation.run();
        world.items.beforeEachCall(call -> { });
        world.later(Duration.ofMinutes(1));
        world.reconciliation.run();
        world.later(Duration.ofMinutes(1));
        world.reconciliation.run();

        // then: the on-demand pass skipped the sale and said so; the unit came back once
        assertTrue(overlapped.get());
        assertEquals(List.of("s1"), onDemand.get().skipped());
        assertEquals(0, onDemand.get().sales());
        assertEquals(2, world.remaining("s1"));
        assertEquals(1, world.repairLog.stream().filter(r -> r.what() == RepairKind.ORPHAN_UNITS_RETURNED).count());
    }

    /** "One exception ends the run": a sale whose repair fails (a throttle) stops neither the others nor the expiry. */
    @Test
    void reconcilerRun_shouldRepairTheOtherSalesAndExpire_whenOneSaleFails() {
        // given: two sales, each with an unpaid order past its deadline and a reservation never turned into an order
        SaleWorld world = new SaleWorld(SaleWorld.Backend.DYNAMODB, Duration.ofMinutes(20),
                SaleWorld.sale("s1", 3, 10), SaleWorld.sale("s2", 3, 10));
        Order ann1 = world.buy("s1", "ann").orElseThrow();
        Order ann2 = world.buy("s2", "ann").orElseThrow();
        String bob1 = world.reserveOnly("s1", "bob");
        String bob2 = world.reserveOnly("s2", "bob");
        world.later(Duration.ofMinutes(21));
        // every listing of sale s1's pending records is throttled
        world.items.beforeEachCall(call -> {
            if (call.name().equals("pendingIntents") && "s1".equals(call.saleId())) {
                throw new IllegalStateException("ProvisionedThroughputExceeded");
            }
        });

        // when: whichever order the sales come in
        Reconciliation.Report report = world.reconcilerRun();

        // then: sale s2 is repaired, and both unpaid orders expired with their units back
        assertEquals(IntentState.QUEUED, world.items.intent(bob2).orElseThrow().state(), "s2's stale reservation");
        assertEquals(bob2, world.queue.last().orderId(), "its message sent again");
        assertEquals(OrderStatus.EXPIRED, world.order(ann1.orderId()).status());
        assertEquals(OrderStatus.EXPIRED, world.order(ann2.orderId()).status());
        assertEquals(2, world.remaining("s2"), "ann's unit back, bob's reservation held for its order");
        assertEquals(2, world.remaining("s1"), "ann's unit back, bob's reservation still held");
        assertTrue(world.items.intent(bob1).orElseThrow().state().underWay());
        assertEquals(List.of("s1"), report.failures().stream().map(Reconciliation.SaleFailure::saleId).distinct()
                .toList(), report.failures().toString());
        assertEquals(2, report.expired().expired());
    }

    @Test
    void run_shouldSkipTheSaleUntilTheLeaseRunsOut_whenAPassDiedHoldingIt() {
        // given: a pass that took the sale's lease and died (its function timed out) before ending it
        SaleWorld world = new SaleWorld(SaleWorld.Backend.DYNAMODB, Duration.ofMinutes(20), SaleWorld.sale("s1", 2, 0));
        assertTrue(world.leases.take("s1", "dead-pass", world.clock.instant(),
                world.clock.instant().plus(Reconciliation.LEASE)));

        // when: passes run just before and just after the lease runs out
        world.later(Reconciliation.LEASE.minusSeconds(1));
        Reconciliation.Report during = world.reconciliation.run();
        world.later(Duration.ofSeconds(2));
        Reconciliation.Report after = world.reconciliation.run();

        // then
        assertEquals(List.of("s1"), during.skipped());
        assertEquals(List.of(), after.skipped());
        assertEquals(1, after.sales());
        assertTrue(!world.leases.held("s1", world.clock.instant()), "the pass ended its lease");
    }

    /** Issue 20: one intent whose repair keeps failing must not hold back the sale's other repairs. */
    @Test
    void reconcilerRun_shouldRepairTheSalesOtherRecords_whenOneIntentsRepairFails() {
        // given: a stale reservation never turned into an order, and an intent left TAKING by a crashed admission
        // whose repair is throttled every time
        SaleWorld world = new SaleWorld(SaleWorld.Backend.DYNAMODB, Duration.ofMinutes(20), SaleWorld.sale("s1", 3, 0));
        String bob = world.reserveOnly("s1", "bob");
        world.items.putIntent(Intent.taking("stuck", "s1", "ann", 1, world.clock.instant()));
        world.later(Duration.ofMinutes(21));
        world.items.beforeEachCall(call -> {
            if (call.name().equals("uncountBuyer") && "stuck".equals(call.orderId())) {
                throw new IllegalStateException("ProvisionedThroughputExceeded");
            }
        });

        // when
        Reconciliation.Report report = world.reconcilerRun();

        // then: bob's reservation got its message again, the stuck intent is named, and waits for the next pass
        assertEquals(IntentState.QUEUED, world.items.intent(bob).orElseThrow().state(), report.failures().toString());
        assertEquals(bob, world.queue.last().orderId());
        assertEquals(IntentState.TAKING, world.items.intent("stuck").orElseThrow().state());
        assertEquals(List.of("intent"), report.failures().stream().map(Reconciliation.SaleFailure::step).toList());
        assertEquals(1, report.accounts().size(), "the books were still read");
    }
}
