package dev.flashsale.core.reconcile;

import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrderQueue;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemoryOrphanSightings;
import dev.flashsale.core.fakes.InMemoryReconcilerLeases;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.MovableClock;
import dev.flashsale.core.fakes.NoCharges;
import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.WriteAheadLedger;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static dev.flashsale.core.fakes.Fixtures.openSale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, F4: the books return orphans only on a sighting that stood still for {@link LedgerAudit#STILL_FOR}
 * (the same stock and orphans, no unit moved on the shards since), so an index read that lags, however far past
 * the settle, never makes a live unit an orphan.
 */
class OrphanSightingTest {

    private final Sale sale = openSale("s1", 1, Protection.NONE);
    private final MovableClock clock = new MovableClock(NOW);
    private final InMemoryLedgerItems raw = new InMemoryLedgerItems();
    /** Order ids the pending index does not show yet (their writes still on the way to the index). */
    private final Set<String> notIndexedYet = new HashSet<>();
    private final LedgerItems items = laggingIndex(raw, notIndexedYet);
    private final WriteAheadLedger ledger = new WriteAheadLedger(items, LedgerEvents.NONE);
    private final InMemoryOrders orders = new InMemoryOrders();
    private final InMemorySaleCatalog catalog = new InMemorySaleCatalog(sale);
    private final OrderWriter writer = new OrderWriter(orders, ledger, reservation -> StockAuthority.Count.COUNTED);

    OrphanSightingTest() {
        ledger.open(sale, sale.stock());
    }

    private Reconciliation reconciliation() {
        return new Reconciliation(catalog, ledger, new InMemoryOrderQueue(), clock, Duration.ofMinutes(20),
                new StrandedIntentRepair(StrandedIntentRepair.Intents.RESERVATIONS, items, orders, writer, clock),
                new LedgerAudit(items, orders, clock, Duration.ZERO, sightings), repair -> { },
                new InMemoryReconcilerLeases(),
                new OrderExpiry(catalog, orders, new GiveBack(items), UnitReturns.NONE, new NoCharges(), clock,
                        o -> { }));
    }

    private final InMemoryOrphanSightings sightings = new InMemoryOrphanSightings();

    /** The ledger items, their pending index lagging for the order ids given. */
    private static LedgerItems laggingIndex(InMemoryLedgerItems raw, Set<String> hidden) {
        return (LedgerItems) Proxy.newProxyInstance(LedgerItems.class.getClassLoader(),
                new Class<?>[] {LedgerItems.class}, (proxy, method, args) -> {
                    try {
                        Object answer = method.invoke(raw, args);
                        if (method.getName().equals("pendingIntents")) {
                            return ((List<?>) answer).stream()
                                    .filter(intent -> !hidden.contains(((Intent) intent).orderId())).toList();
                        }
                        return answer;
                    } catch (InvocationTargetException failed) {
                        throw failed.getCause();
                    }
                });
    }

    private Reservation reserve(String userId) {
        ReservationOutcome outcome = ledger.reserve(sale, userId, 1, OrderIds.next(), clock.instant());
        return assertInstanceOf(ReservationOutcome.Reserved.class, outcome).reservation();
    }

    private static long orphansReturned(Reconciliation.Report report) {
        return report.repairs().stream().filter(r -> r.what() == RepairKind.ORPHAN_UNITS_RETURNED)
                .mapToLong(Repair::units).sum();
    }

    @Test
    void findingF4_passShouldNotReturnALiveReservation_whenThePendingIndexLagsPastTheSettle() {
        // given: the sale's one unit reserved, its intent not in the pending index yet (lagging past the settle)
        Reservation ann = reserve("ann");
        notIndexedYet.add(ann.orderId());

        // when: a pass reads the books while the index lags; the index catches up; the next pass a minute later
        Reconciliation.Report lagging = reconciliation().run();
        notIndexedYet.clear();
        clock.advance(Duration.ofMinutes(1));
        Reconciliation.Report caughtUp = reconciliation().run();

        // then: the unit stays ann's: never on sale again, so nobody else can buy it; the books balance
        assertEquals(0, orphansReturned(lagging), "a live reservation is no orphan: " + lagging.repairs());
        assertEquals(0, orphansReturned(caughtUp));
        assertEquals(0, raw.remaining(sale));
        assertEquals(0, caughtUp.accounts().get(0).unaccounted(), caughtUp.accounts().toString());
        assertTrue(ledger.claim(ann), "ann's reservation still becomes her order");
    }

    @Test
    void pass_shouldReturnAnOrphan_onlyAtAPassAWindowAfterTheOneThatSawIt() {
        // given: a unit gone from the shards with no record at all
        raw.take(sale, 1, "take:lost");

        // when: a pass sees it; another soon after; another a window after the first
        Reconciliation.Report seen = reconciliation().run();
        clock.advance(LedgerAudit.STILL_FOR.minusSeconds(1));
        Reconciliation.Report tooSoon = reconciliation().run();
        clock.advance(Duration.ofSeconds(1));
        Reconciliation.Report stoodStill = reconciliation().run();

        // then: only the last returned it, once
        assertEquals(0, orphansReturned(seen));
        assertEquals(1, seen.accounts().get(0).unaccounted(), "seen, not returned yet");
        assertEquals(0, orphansReturned(tooSoon));
        assertEquals(1, orphansReturned(stoodStill));
        assertEquals(1, raw.remaining(sale));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, orphansReturned(reconciliation().run()));
    }

    @Test
    void pass_shouldWaitForStillShards_whenAUnitMovedSinceTheSighting() {
        // given: an orphan on a sale of two units, seen by a pass
        Sale two = openSale("s2", 2, Protection.NONE);
        catalog.save(two);
        ledger.open(two, two.stock());
        raw.take(two, 1, "take:lost");
        Reconciliation.Report seen = reconciliation().run();

        // when: a shopper reserves the other unit and it is released (the shard total the same, the shards not);
        // then passes a window apart
        ReservationOutcome bob = ledger.reserve(two, "bob", 1, OrderIds.next(), clock.instant());
        ledger.release(assertInstanceOf(ReservationOutcome.Reserved.class, bob).reservation());
        clock.advance(Duration.ofMinutes(21)); // past the cutoff: the release is RETURNED, no longer in doubt
        Reconciliation.Report moved = reconciliation().run();
        clock.advance(Duration.ofMinutes(1));
        Reconciliation.Report still = reconciliation().run();

        // then: the pass after the movement only sees it again; the next one returns it
        assertEquals(0, orphansReturned(seen));
        assertEquals(0, orphansReturned(moved), "units moved since the sighting: " + moved.repairs());
        assertEquals(1, orphansReturned(still));
        assertEquals(2, raw.remaining(two));
    }
}
