package dev.flashsale.core.reconcile;

import dev.flashsale.core.cache.CacheRecovery;
import dev.flashsale.core.event.OrderEventOutbox;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.ReconcilerLeases;
import dev.flashsale.core.port.RepairLog;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Repairs what the split between reservation and order leaves behind, sale by sale, checks the books and expires
 * unpaid orders.
 * <ol>
 *   <li>Each sale's lease ({@link ReconcilerLeases}): passes (the scheduled one, and on-demand ones through the
 *       admin route or the CLI) repair a sale one at a time. A pass that cannot take a sale's lease skips it and
 *       says so in its report; the pass holding it does that sale's work, expiry included.</li>
 *   <li>Stranded intents (a writer that stopped half way): {@link StrandedIntentRepair}.</li>
 *   <li>Reservations neither claimed nor released long after they were made (or last sent) are not turned into
 *       an order yet: their message still waits in the queue, went to the dead-letter queue, or was never sent
 *       (the enqueue failed and so did the release). On a ledger that keeps sends (DynamoDB) their message is sent
 *       again: a reservation whose message is still queued is never released. On one that does not (a cache),
 *       their units are released; a message redriven later finds the reservation released and its order is
 *       rejected: never a unit twice.</li>
 *   <li>The books: {@link LedgerAudit}; then claims on a cache ledger that never got their order get it, and the
 *       cache's copy is checked against the books.</li>
 *   <li>The expiry of the sale's unpaid orders ({@link OrderExpiry}): its give-backs stay in doubt for the
 *       books until the next pass has seen them.</li>
 *   <li>The order events still pending, last (those of this pass's own writes included):
 *       {@link OrderEventOutbox#finish}.</li>
 * </ol>
 * Each sale's steps run in their own try/catch: a sale whose repair fails (a throttle, a count under way) is named
 * in the report and stops neither the other sales nor its own expiry. Every repair is recorded ({@link RepairLog}).
 * Each step is conditional on what it found, so a second run right after the first repairs nothing.
 */
public final class Reconciliation {

    /**
     * How long a pass holds a sale: longer than the longest function that runs a pass (the reconciler function's
     * timeout, 120 s in template.yaml) plus 1 s of clock skew between the containers that compare it.
     */
    public static final Duration LEASE = Duration.ofSeconds(150);

    /** A step of one sale's pass that failed; the others went on. */
    public record SaleFailure(String saleId, String step, String error) {
    }

    /**
     * What one run did: the sales it checked, the reservations it released, its repairs and each checked sale's
     * books, the sales another pass held ({@code skipped}), the steps that failed, what the expiry did and the
     * pending order events it published.
     */
    public record Report(int sales, int released, List<Repair> repairs, List<SaleAccount> accounts,
                         List<String> skipped, List<SaleFailure> failures, OrderExpiry.Report expired,
                         OrderEventOutbox.Report events) {
    }

    private final SaleCatalog sales;
    private final StockLedger ledger;
    private final OrderQueue queue;
    private final Clock clock;
    private final Duration staleAfter;
    private final StrandedIntentRepair stranded;
    private final LedgerAudit audit;
    private final RepairLog log;
    private final ReconcilerLeases leases;
    private final OrderExpiry expiry;
    private final Optional<CacheRecovery> cache;
    private final OrderEventOutbox events;

    public Reconciliation(SaleCatalog sales, StockLedger ledger, OrderQueue queue, Clock clock, Duration staleAfter,
                          StrandedIntentRepair stranded, LedgerAudit audit, RepairLog log, ReconcilerLeases leases,
                          OrderExpiry expiry) {
        this(sales, ledger, queue, clock, staleAfter, stranded, audit, log, leases, expiry, Optional.empty());
    }

    /** With {@code cache}: admission reserves on a cache, whose claims and copy this pass checks too. */
    public Reconciliation(SaleCatalog sales, StockLedger ledger, OrderQueue queue, Clock clock, Duration staleAfter,
                          StrandedIntentRepair stranded, LedgerAudit audit, RepairLog log, ReconcilerLeases leases,
                          OrderExpiry expiry, Optional<CacheRecovery> cache) {
        this(sales, ledger, queue, clock, staleAfter, stranded, audit, log, leases, expiry, cache,
                OrderEventOutbox.NONE);
    }

    /** With {@code events}: the pass publishes the order events a write left pending. */
    public Reconciliation(SaleCatalog sales, StockLedger ledger, OrderQueue queue, Clock clock, Duration staleAfter,
                          StrandedIntentRepair stranded, LedgerAudit audit, RepairLog log, ReconcilerLeases leases,
                          OrderExpiry expiry, Optional<CacheRecovery> cache, OrderEventOutbox events) {
        this.cache = cache;
        this.events = events;
        this.sales = sales;
        this.ledger = ledger;
        this.queue = queue;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.stranded = stranded;
        this.audit = audit;
        this.log = log;
        this.leases = leases;
        this.expiry = expiry;
    }

    public Report run() {
        return run(Optional.empty());
    }

    /** One sale's work in this pass. */
    private static final class SaleWork {
        final Sale sale;
        List<Intent> toRecount = List.of();
        LedgerItems.ShardReading remaining;
        LedgerAudit.Result books;

        SaleWork(Sale sale) {
            this.sale = sale;
        }
    }

    /** One pass over every sale, or over {@code onlySale}. */
    public Report run(Optional<String> onlySale) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(staleAfter);
        String holder = UUID.randomUUID().toString();
        List<Repair> repairs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<SaleFailure> failures = new ArrayList<>();
        Map<String, SaleWork> work = new LinkedHashMap<>();
        // One sale by its id, or the live and recently ended ones: never every sale ever made.
        List<Sale> toCheck = onlySale.isPresent() ? sales.find(onlySale.get()).stream().toList()
                : sales.listLiveOrRecent(now);
        for (Sale sale : toCheck) {
            try {
                if (leases.take(sale.id(), holder, now, now.plus(LEASE))) {
                    work.put(sale.id(), new SaleWork(sale));
                } else {
                    skipped.add(sale.id());
                }
            } catch (RuntimeException failure) {
                failures.add(failure(sale, "lease", failure));
            }
        }
        int released = 0;
        List<SaleAccount> accounts = new ArrayList<>();
        OrderExpiry.Report expired = new OrderExpiry.Report(0, 0);
        OrderEventOutbox.Report published = new OrderEventOutbox.Report(0, 0);
        try {
            for (SaleWork sale : work.values()) {
                try {
                    released += repairIntents(sale, cutoff, repairs, failures);
                } catch (RuntimeException failure) {
                    failures.add(failure(sale.sale, "intents", failure));
                }
            }
            readBooks(work.values(), repairs, failures);
            for (SaleWork sale : work.values()) {
                try {
                    if (sale.books != null) {
                        accounts.add(afterBooks(sale, cutoff, repairs));
                    }
                } catch (RuntimeException failure) {
                    failures.add(failure(sale.sale, "claims", failure));
                }
                try {
                    expired = expired.plus(expiry.run(sale.sale));
                } catch (RuntimeException failure) {
                    failures.add(failure(sale.sale, "expiry", failure));
                }
                try {
                    published = published.plus(events.finish(sale.sale.id()));
                } catch (RuntimeException failure) {
                    failures.add(failure(sale.sale, "events", failure));
                }
            }
        } finally {
            for (String saleId : work.keySet()) {
                try {
                    leases.end(saleId, holder);
                } catch (RuntimeException failure) {
                    // it ends by itself at its expiry
                }
            }
        }
        return new Report(work.size(), released, repairs, accounts, skipped, failures, expired, published);
    }

    /** Stranded intents and stale reservations; answers the reservations released. */
    private int repairIntents(SaleWork work, Instant cutoff, List<Repair> repairs, List<SaleFailure> failures) {
        // Each intent and each stale reservation on its own: one that keeps failing never holds the others back.
        try {
            StrandedIntentRepair.Result intents = stranded.repair(work.sale, cutoff);
            record(intents.repairs(), repairs);
            work.toRecount = intents.toRecount();
            intents.failures().forEach(failure -> failures.add(failure(work.sale, "intent", failure)));
        } catch (RuntimeException failure) {
            failures.add(failure(work.sale, "intents", failure));
        }
        int released = 0;
        for (Reservation stale : ledger.staleReservations(work.sale, cutoff)) {
            try {
                if (ledger.keepsSends()) {
                    resend(stale, repairs);
                } else if (ledger.release(stale)) {
                    released++;
                    record(List.of(new Repair(RepairKind.STALE_RESERVATION_RELEASED, stale.saleId(),
                            stale.orderId(), stale.quantity(), "reserved at " + stale.reservedAt()
                                    + " and never turned into an order", clock.instant())), repairs);
                }
            } catch (RuntimeException failure) {
                failures.add(failure(work.sale, "stale reservation", failure));
            }
        }
        return released;
    }

    /**
     * A reservation neither claimed nor released long after its last send: its message may still wait in the queue
     * (a backlog, the event source disabled), have gone to the DLQ, or never have been sent (the send or its record
     * failed). Releasing it would reject the order of a 202 whose message is still on its way; it is sent again
     * instead (the order writer is idempotent on the order id), and the send recorded so the next one waits.
     */
    private void resend(Reservation stale, List<Repair> repairs) {
        queue.enqueue(stale);
        ledger.markQueued(stale, clock.instant());
        record(List.of(new Repair(RepairKind.STALE_RESERVATION_RESENT, stale.saleId(), stale.orderId(), 0,
                "neither ordered nor released since " + stale.reservedAt() + "; its message sent again",
                clock.instant())), repairs);
    }

    /** Every sale's shards first, one pause for the index, then each sale's records. */
    private void readBooks(Iterable<SaleWork> work, List<Repair> repairs, List<SaleFailure> failures) {
        boolean read = false;
        for (SaleWork sale : work) {
            try {
                sale.remaining = audit.readShards(sale.sale);
                read = true;
            } catch (RuntimeException failure) {
                failures.add(failure(sale.sale, "books", failure));
            }
        }
        if (read) {
            audit.awaitIndex();
        }
        for (SaleWork sale : work) {
            if (sale.remaining == null) {
                continue;
            }
            try {
                sale.books = audit.check(sale.sale, sale.remaining);
                record(sale.books.repairs(), repairs);
            } catch (RuntimeException failure) {
                failures.add(failure(sale.sale, "books", failure));
            }
        }
    }

    private SaleAccount afterBooks(SaleWork work, Instant cutoff, List<Repair> repairs) {
        // Orders written only now the books have given back a take that landed: an order of the sale's last
        // unit whose count died half way must find its own unit, not be refused it.
        // While the books still see orphans not yet returned (LedgerAudit.STILL_FOR), a take that landed may be
        // among them: the counts wait, stranded again, for the pass that returns it.
        Sale sale = work.sale;
        boolean orphansOut = work.books.account().unaccounted() > 0;
        List<Repair> recounted = new ArrayList<>(orphansOut ? stranded.strandAgain(work.toRecount)
                : stranded.recount(work.toRecount));
        if (cache.isPresent()) {
            recounted.addAll(stranded.orderClaims(sale, cache.get().staleClaims(sale, cutoff)));
        }
        record(recounted, repairs);
        // A recount moved the books after they were read: the copy is checked against them at the next pass.
        return recounted.isEmpty() ? checkCopy(sale, work.books.account(), repairs) : work.books.account();
    }

    private static SaleFailure failure(Sale sale, String step, RuntimeException failure) {
        return new SaleFailure(sale.id(), step, failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /** The cache against the books ({@link CacheRecovery#checkCopy}); the books alone without a cache. */
    private SaleAccount checkCopy(Sale sale, SaleAccount account, List<Repair> repairs) {
        if (cache.isEmpty()) {
            return account;
        }
        CacheRecovery.CopyCheck check = cache.get().checkCopy(sale, account, queue);
        record(check.repairs(), repairs);
        return check.account();
    }

    private void record(List<Repair> made, List<Repair> all) {
        for (Repair repair : made) {
            log.record(repair);
            all.add(repair);
        }
    }
}
