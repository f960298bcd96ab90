package dev.flashsale.core.reconcile;

import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrderQueue;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.MovableClock;
import dev.flashsale.core.fakes.NoCharges;
import dev.flashsale.core.fakes.InMemoryOrphanSightings;
import dev.flashsale.core.fakes.InMemoryReconcilerLeases;
import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.ledger.WriteAheadLedger;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static dev.flashsale.core.fakes.Fixtures.openSale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconciliationTest {

    private static final Duration STALE_AFTER = Duration.ofMinutes(20);

    private final Sale sale = openSale("s1", 5, Protection.NONE);
    private final Sale other = openSale("s2", 2, Protection.NONE);
    private final MovableClock clock = new MovableClock(NOW);
    private final InMemoryLedgerItems items = new InMemoryLedgerItems();
    private final WriteAheadLedger ledger = new WriteAheadLedger(items, LedgerEvents.NONE);
    private final InMemoryOrders orders = new InMemoryOrders();
    private final OrderWriter writer = new OrderWriter(orders, ledger, reservation -> StockAuthority.Count.COUNTED);
    private final List<Repair> logged = new ArrayList<>();
    private final InMemorySaleCatalog catalog = new InMemorySaleCatalog(sale, other);
    private final InMemoryOrderQueue queue = new InMemoryOrderQueue();
    private final InMemoryOrphanSightings sightings = new InMemoryOrphanSightings();
    private final Reconciliation reconciliation = new Reconciliation(catalog, ledger,
            queue, clock, STALE_AFTER,
            new StrandedIntentRepair(StrandedIntentRepair.Intents.RESERVATIONS, items, orders, writer, clock),
            new LedgerAudit(items, orders, clock, Duration.ZERO, sightings), logged::add, new InMemoryReconcilerLeases(),
            new OrderExpiry(catalog, orders, new GiveBack(items), UnitReturns.NONE, new NoCharges(), clock, o -> { }));

    ReconciliationTest() {
        ledger.open(sale, sale.stock());
        ledger.open(other, other.stock());
    }

    private Reservation reserve(Sale sale, String userId) {
        ReservationOutcome outcome = ledger.reserve(sale, userId, 1, OrderIds.next(), clock.instant());
        return assertInstanceOf(ReservationOutcome.Reserved.class, outcome).reservation();
    }

    /** Issue 22, item 6: a pass's work must not grow with every sale ever made. */
    @Test
    void run_shouldPassOverLiveAndRecentlyEndedSalesOnly_whenOthersEndedLongAgo() {
        // given: a sale that ended a day ago, and one that ended three days ago (both with stock on the books)
        Sale endedYesterday = new Sale("old1", "old1", 3, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)),
                1, 1, Protection.NONE);
        Sale endedLongAgo = new Sale("old3", "old3", 3, NOW.minus(Duration.ofDays(4)), NOW.minus(Duration.ofDays(3)),
                1, 1, Protection.NONE);
        for (Sale ended : List.of(endedYesterday, endedLongAgo)) {
            ledger.open(ended, ended.stock());
            catalog.save(ended);
        }

        // when
        Reconciliation.Report report = reconciliation.run();

        // then: the live sales and yesterday's are checked, the old one is not, unless asked for by its id
        assertEquals(List.of("old1", "s1", "s2"), report.accounts().stream().map(SaleAccount::saleId).sorted().toList());
        assertEquals(List.of("old3"), reconciliation.run(Optional.of("old3")).accounts().stream()
                .map(SaleAccount::saleId).toList());
    }

    /** Issue 20, F10: a reservation whose message may still wait in the queue is never released. */
    @Test
    void run_shouldSendTheMessageAgainAndKeepTheUnit_whenAReservationWasNeverTurnedIntoAnOrder() {
        // given a reservation whose message waits (or was lost), older than the cutoff
        Reservation waiting = reserve(sale, "ann");
        clock.advance(STALE_AFTER.plusMinutes(1));

        // when
        Reconciliation.Report report = reconciliation.run();

        // then nothing is released: its message is sent again, the repair is logged, and the books balance
        assertEquals(0, report.released());
        assertEquals(4, ledger.remaining(sale));
        assertEquals(waiting.orderId(), queue.last().orderId());
        assertEquals(List.of(RepairKind.STALE_RESERVATION_RESENT), logged.stream().map(Repair::what).toList());
        assertEquals(waiting.orderId(), logged.get(0).orderId());
        SaleAccount account = report.accounts().stream().filter(a -> a.saleId().equals("s1")).findFirst()
                .orElseThrow();
        assertEquals(4, account.remaining());
        assertEquals(0, account.unaccounted());
        // and the message that waited, delivered after the pass, still gets the unit
        assertEquals(OrderStatus.CONFIRMED, writer.write(waiting).status());
        assertEquals(OrderStatus.CONFIRMED, writer.write(queue.last()).status(), "the copy sent again: a duplicate");
        assertEquals(4, ledger.remaining(sale));
    }

    @Test
    void run_shouldSendAgainOnlyOncePerCutoff_whenTheMessageStillWaits() {
        // given a reservation whose message the reconciler has sent again
        reserve(sale, "ann");
        clock.advance(STALE_AFTER.plusMinutes(1));
        reconciliation.run();

        // when: passes within the next cutoff, then one after it
        clock.advance(STALE_AFTER.minusMinutes(1));
        reconciliation.run();
        long beforeCutoff = queue.taken();
        clock.advance(Duration.ofMinutes(2));
        reconciliation.run();

        // then
        assertEquals(1, beforeCutoff);
        assertEquals(2, queue.taken());
        assertEquals(4, ledger.remaining(sale));
    }

    @Test
    void run_shouldLeaveAReservation_whenItIsYoungerThanTheCutoff() {
        reserve(sale, "ann");
        clock.advance(STALE_AFTER.minusMinutes(1));

        Reconciliation.Report report = reconciliation.run();

        assertEquals(0, report.released());
        assertEquals(4, ledger.remaining(sale));
        assertTrue(logged.isEmpty());
    }

    @Test
    void run_shouldRepairNothing_whenRunAgainRightAfter() {
        reserve(sale, "ann");
        clock.advance(STALE_AFTER.plusMinutes(1));
        reconciliation.run();
        logged.clear();

        Reconciliation.Report again = reconciliation.run();

        assertEquals(0, again.released());
        assertTrue(again.repairs().isEmpty());
        assertTrue(logged.isEmpty());
    }

    @Test
    void run_shouldCountSoldUnitsAndLeaveThem_whenTheOrderWasWritten() {
        // given one order written and one reservation still on its way
        writer.write(reserve(sale, "ann"));
        reserve(sale, "bob");

        // when
        Reconciliation.Report report = reconciliation.run(Optional.of("s1"));

        // then only the named sale is checked, and its books balance
        assertEquals(1, report.sales());
        SaleAccount account = report.accounts().get(0);
        assertEquals(1, account.sold());
        assertEquals(1, account.held());
        assertEquals(3, account.remaining());
        assertEquals(0, account.unaccounted());
        assertEquals(OrderStatus.CONFIRMED, orders.listBySale("s1").get(0).status());
    }

    @Test
    void run_shouldCheckEverySale_whenNoneIsNamed() {
        Reconciliation.Report report = reconciliation.run();

        assertEquals(2, report.sales());
        assertEquals(2, report.accounts().size());
    }
}
