package dev.flashsale.core.ledger;

import dev.flashsale.core.fakes.CountingStockLedger;
import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrderQueue;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.MovableClock;
import dev.flashsale.core.fakes.NoCharges;
import dev.flashsale.core.fakes.InMemoryOrphanSightings;
import dev.flashsale.core.fakes.InMemoryReconcilerLeases;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.reconcile.LedgerAudit;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.reconcile.Repair;
import dev.flashsale.core.reconcile.SaleAccount;
import dev.flashsale.core.reconcile.StrandedIntentRepair;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A sale on in-memory fakes: the ledger, the orders, the order writer and the reconciler, with a clock to move. */
final class LedgerWorld {

    static final Duration STALE_AFTER = Duration.ofMinutes(20);

    final Instant start = Instant.parse("2026-11-26T10:00:00Z");
    final Sale sale;
    final InMemoryLedgerItems items = new InMemoryLedgerItems();
    final InMemoryOrders orderStore = new InMemoryOrders();
    final Map<String, Order> orders = orderStore.orders;
    final List<Repair> repairLog = new ArrayList<>();
    /** The write-ahead ledger is its own authority and never asks the queue; the reconciler is handed one. */
    final InMemoryOrderQueue queue = new InMemoryOrderQueue();
    final InMemorySaleCatalog catalog;
    final StockLedger ledger;
    private final boolean counting;
    final StockAuthority authority;
    final OrderWriter writer;
    private final MovableClock clock = new MovableClock(start);
    final InMemoryReconcilerLeases leases = new InMemoryReconcilerLeases();
    final InMemoryOrphanSightings sightings = new InMemoryOrphanSightings();

    /** {@code counting}: the Redis backend's authority (the cache ledger is played by a pass-through). */
    LedgerWorld(int stock, int perUserLimit, int shards, boolean counting) {
        this.counting = counting;
        sale = new Sale("sale-1", "Test", stock, start.minusSeconds(60), start.plus(Duration.ofDays(1)), perUserLimit,
                shards, Protection.NONE);
        catalog = new InMemorySaleCatalog(sale);
        if (counting) {
            authority = new CountingAuthority(items, catalog, clock());
            ledger = new CountingStockLedger(); // the cache ledger, reduced to claims that always succeed
        } else {
            authority = reservation -> StockAuthority.Count.COUNTED;
            ledger = new WriteAheadLedger(items, LedgerEvents.NONE);
        }
        items.fill(sale, stock);
        writer = new OrderWriter(orderStore, ledger, authority);
    }

    Clock clock() {
        return clock;
    }

    Instant now() {
        return clock.instant();
    }

    void later(Duration by) {
        clock.advance(by);
    }

    Reconciliation reconciliation() {
        return new Reconciliation(catalog, ledger, queue, clock(), STALE_AFTER,
                new StrandedIntentRepair(counting ? StrandedIntentRepair.Intents.ORDER_COUNTS
                        : StrandedIntentRepair.Intents.RESERVATIONS, items, orderStore, writer, clock()),
                new LedgerAudit(items, orderStore, clock(), Duration.ZERO, sightings), repairLog::add, leases,
                new OrderExpiry(catalog, orderStore, new GiveBack(items), UnitReturns.NONE, new NoCharges(), clock(),
                        expired -> { }));
    }

    /**
     * The reconciler once its cutoff has passed every record written so far: a pass, and the next one a minute
     * later, which returns the orphans the first saw (LedgerAudit.STILL_FOR); one report of both, the books as the
     * second left them.
     */
    Reconciliation.Report reconcileLater() {
        later(STALE_AFTER.plusMinutes(1));
        Reconciliation.Report first = reconciliation().run();
        later(Duration.ofMinutes(1));
        return both(first, reconciliation().run());
    }

    static Reconciliation.Report both(Reconciliation.Report first, Reconciliation.Report second) {
        List<Repair> repairs = new ArrayList<>(first.repairs());
        repairs.addAll(second.repairs());
        List<String> skipped = new ArrayList<>(first.skipped());
        skipped.addAll(second.skipped());
        List<Reconciliation.SaleFailure> failures = new ArrayList<>(first.failures());
        failures.addAll(second.failures());
        return new Reconciliation.Report(second.sales(), first.released() + second.released(), repairs,
                second.accounts(), skipped, failures, first.expired().plus(second.expired()),
                first.events().plus(second.events()));
    }

    SaleAccount account(Reconciliation.Report report) {
        return report.accounts().get(0);
    }

    long sold() {
        return orders.values().stream().filter(o -> o.status() == OrderStatus.CONFIRMED).count();
    }

    long soldTo(String userId) {
        return orders.values().stream()
                .filter(o -> o.status() == OrderStatus.CONFIRMED && o.userId().equals(userId)).count();
    }
}
