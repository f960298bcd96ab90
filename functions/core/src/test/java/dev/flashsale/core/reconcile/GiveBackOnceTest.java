package dev.flashsale.core.reconcile;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.payment.OrderExpiry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One give-back per order id: an expired order's unit comes back once, whichever repair finds it and whenever,
 * with any payment window against any {@code ReconcileAfterMinutes}.
 */
class GiveBackOnceTest {

    /**
     * F1 (measured on the local stack): a payment window shorter than ReconcileAfterMinutes. The expiry gives ann's
     * unit back; bob buys and pays it; once ann's record is older than the cutoff the reconciler finds her claim
     * with an EXPIRED order and used to put the unit back again, so cy bought a unit that did not exist.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(SaleWorld.Backend.class)
    void reconcilerRun_shouldGiveAnUnpaidUnitBackOnce_whenThePaymentWindowIsShorterThanReconcileAfter(
            SaleWorld.Backend backend) {
        // given: 1 unit, paid within 1 minute, reconciler cutoff 2 minutes
        SaleWorld world = new SaleWorld(backend, Duration.ofMinutes(2), SaleWorld.sale("s1", 1, 1));
        Order ann = world.buy("s1", "ann").orElseThrow();
        assertEquals(OrderStatus.CONFIRMED, ann.status());
        world.later(Duration.ofMinutes(1).plus(OrderExpiry.GRACE).plusSeconds(1));
        world.reconcilerRun();
        assertEquals(OrderStatus.EXPIRED, world.order(ann.orderId()).status());
        Order bob = world.buy("s1", "bob").orElseThrow();
        assertEquals(OrderStatus.CONFIRMED, bob.status());
        world.pay(bob);

        // when: ann's record is older than the cutoff, the reconciler runs (twice), and cy tries to buy
        world.later(Duration.ofMinutes(2));
        world.reconcilerRun();
        world.reconcilerRun();
        Optional<Order> cy = world.buy("s1", "cy");

        // then: one unit sold, to bob; cy gets none; the books balance
        assertTrue(cy.isEmpty() || cy.get().status() == OrderStatus.REJECTED, "cy bought " + cy);
        assertEquals(1, world.unitsSold("s1"));
        assertEquals(0, world.remaining("s1"));
        assertEquals(OrderStatus.PAID, world.order(bob.orderId()).status());
    }

    /** The same sale with the template's defaults: a 10-minute window, ReconcileAfterMinutes 20. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(SaleWorld.Backend.class)
    void reconcilerRun_shouldGiveAnUnpaidUnitBackOnce_whenTheTemplateDefaultsApply(SaleWorld.Backend backend) {
        // given
        SaleWorld world = new SaleWorld(backend, Duration.ofMinutes(20), SaleWorld.sale("s1", 1, 10));
        Order ann = world.buy("s1", "ann").orElseThrow();

        // when: the reconciler runs every minute for half an hour; bob buys and pays once ann's order expired
        Order bob = null;
        for (int minute = 0; minute < 30; minute++) {
            world.later(Duration.ofMinutes(1));
            world.reconcilerRun();
            if (bob == null && world.order(ann.orderId()).status() == OrderStatus.EXPIRED) {
                bob = world.buy("s1", "bob").orElseThrow();
                world.pay(bob);
            }
        }
        Optional<Order> cy = world.buy("s1", "cy");

        // then
        assertTrue(bob != null, "ann's order expired");
        assertTrue(cy.isEmpty() || cy.get().status() == OrderStatus.REJECTED, "cy bought " + cy);
        assertEquals(1, world.unitsSold("s1"));
        assertEquals(0, world.remaining("s1"));
    }

    /**
     * F2: an expiry stopped between marking the order EXPIRED and giving its unit back (here its refund timed
     * out). The next run's books used to see an EXPIRED order, an intent that owned nothing and a unit missing
     * from the shards, and return it as an orphan; the expiry then gave it back again.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(SaleWorld.Backend.class)
    void reconcilerRun_shouldReturnNoOrphan_whenAnExpiryStoppedBetweenMarkingAndGivingBack(
            SaleWorld.Backend backend) {
        // given: a 30-minute window, cutoff 20 minutes; the reconciler has seen ann's order (confirmed, unpaid)
        SaleWorld world = new SaleWorld(backend, Duration.ofMinutes(20), SaleWorld.sale("s1", 1, 30));
        Order ann = world.buy("s1", "ann").orElseThrow();
        world.later(Duration.ofMinutes(21));
        world.reconcilerRun();
        world.later(Duration.ofMinutes(9).plus(OrderExpiry.GRACE).plusSeconds(1));
        world.gateway.refundTimesOutOnce = true;
        assertThrows(IllegalStateException.class, world.expiry::run);
        assertEquals(OrderStatus.EXPIRED, world.order(ann.orderId()).status());

        // when: the next reconciler runs
        world.later(Duration.ofMinutes(1));
        world.reconcilerRun();
        world.reconcilerRun();

        // then: ann's unit is back once, no orphan was returned, and one buyer gets it
        assertEquals(1, world.remaining("s1"));
        assertTrue(world.repairLog.stream().noneMatch(r -> r.what() == RepairKind.ORPHAN_UNITS_RETURNED),
                world.repairLog.toString());
        assertEquals(OrderStatus.CONFIRMED, world.buy("s1", "bob").orElseThrow().status());
        Optional<Order> cy = world.buy("s1", "cy");
        assertTrue(cy.isEmpty() || cy.get().status() == OrderStatus.REJECTED, "cy bought " + cy);
    }
}
