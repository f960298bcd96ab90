package dev.flashsale.core.reconcile;

import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.RepairLog;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Repairs what the split between reservation and order leaves behind, sale by sale, and checks the books.
 * <ol>
 *   <li>Stranded intents (a writer that stopped half way): {@link StrandedIntentRepair}.</li>
 *   <li>Reservations still {@code RESERVED} long after they were made were never turned into an order: their
 *       enqueue failed and so did the release, or their message went to the dead-letter queue. Once past the time
 *       SQS takes to exhaust a message's receives, their units are released. Should the message be redriven later,
 *       the order writer finds the reservation released and rejects the order: never a unit twice.</li>
 *   <li>Claims on a cache ledger that never got their order get it.</li>
 *   <li>The books: {@link LedgerAudit}.</li>
 * </ol>
 * Every repair is recorded ({@link RepairLog}). Each step is conditional on what it found, so a second run right
 * after the first repairs nothing.
 */
public final class Reconciliation {

    /** What one run did. */
    public record Report(int sales, int released, List<Repair> repairs, List<SaleAccount> accounts) {
    }

    private final SaleCatalog sales;
    private final StockLedger ledger;
    private final OrderQueue queue;
    private final Clock clock;
    private final Duration staleAfter;
    private final StrandedIntentRepair stranded;
    private final LedgerAudit audit;
    private final RepairLog log;

    public Reconciliation(SaleCatalog sales, StockLedger ledger, OrderQueue queue, Clock clock, Duration staleAfter,
                          StrandedIntentRepair stranded, LedgerAudit audit, RepairLog log) {
        this.sales = sales;
        this.ledger = ledger;
        this.queue = queue;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.stranded = stranded;
        this.audit = audit;
        this.log = log;
    }

    public Report run() {
        return run(Optional.empty());
    }

    /** One pass over every sale, or over {@code onlySale}. */
    public Report run(Optional<String> onlySale) {
        Instant cutoff = clock.instant().minus(staleAfter);
        List<Repair> repairs = new ArrayList<>();
        List<SaleAccount> accounts = new ArrayList<>();
        int released = 0;
        List<Sale> checked = new ArrayList<>();
        List<List<Intent>> toRecount = new ArrayList<>();
        for (Sale sale : sales.list()) {
            if (onlySale.isPresent() && !onlySale.get().equals(sale.id())) {
                continue;
            }
            checked.add(sale);
            StrandedIntentRepair.Result intents = stranded.repair(sale, cutoff);
            record(intents.repairs(), repairs);
            toRecount.add(intents.toRecount());
            for (Reservation stale : ledger.staleReservations(sale, cutoff)) {
                if (ledger.release(stale)) {
                    released++;
                    record(List.of(new Repair(RepairKind.STALE_RESERVATION_RELEASED, stale.saleId(), stale.orderId(),
                            stale.quantity(), "reserved at " + stale.reservedAt() + " and never turned into an order",
                            clock.instant())), repairs);
                }
            }
        }
        List<LedgerAudit.Result> books = audit.check(checked);
        for (int i = 0; i < books.size(); i++) {
            record(books.get(i).repairs(), repairs);
            // Orders written only now the books have given back a take that landed: an order of the sale's last
            // unit whose count died half way must find its own unit, not be refused it.
            Sale sale = checked.get(i);
            List<Repair> recounted = new ArrayList<>(stranded.recount(toRecount.get(i)));
            recounted.addAll(stranded.orderClaims(sale, ledger.staleClaims(sale, cutoff)));
            record(recounted, repairs);
            // A recount moved the books after they were read: the copy is checked against them at the next pass.
            accounts.add(recounted.isEmpty() ? checkCopy(sale, books.get(i).account(), repairs)
                    : books.get(i).account());
        }
        return new Report(checked.size(), released, repairs, accounts);
    }

    /**
     * The cache against the authority: it should offer what the authority can still sell less what it has admitted
     * and not yet had counted. When it offers fewer while nothing is under way, the difference is given to it
     * (those units would never sell); when it offers more, the excess orders end REJECTED by the authority, which
     * is reported ({@code ./flashsale stock sync} rebuilds the cache).
     */
    private SaleAccount checkCopy(Sale sale, SaleAccount account, List<Repair> repairs) {
        if (ledger.restoreLost(sale)) {
            record(List.of(new Repair(RepairKind.COPY_REBUILT, sale.id(), null, 0,
                    "the cache had lost the sale", clock.instant())), repairs);
        } else if (ledger.reopenRestored(sale, queue)) {
            record(List.of(new Repair(RepairKind.COPY_REOPENED, sale.id(), null, 0,
                    "every order admitted before the cache's loss is counted", clock.instant())), repairs);
        }
        Optional<CopyAccount> copy = ledger.copyAccount(sale);
        if (copy.isEmpty()) {
            return account;
        }
        long gap = account.remaining() - copy.get().reserved() - copy.get().remaining();
        if (gap > 0 && copy.get().reserved() == 0 && account.inDoubt() == 0) {
            ledger.topUp(sale, (int) gap);
            record(List.of(new Repair(RepairKind.COPY_TOPPED_UP, sale.id(), null, (int) gap,
                    "the cache offered fewer units than the authoritative stock", clock.instant())), repairs);
            gap = 0;
        }
        return account.withCopyGap(gap);
    }

    private void record(List<Repair> made, List<Repair> all) {
        for (Repair repair : made) {
            log.record(repair);
            all.add(repair);
        }
    }
}
