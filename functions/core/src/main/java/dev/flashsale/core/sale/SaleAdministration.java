package dev.flashsale.core.sale;

import dev.flashsale.core.port.ReconcilerLeases;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates and replaces sales. Replacing keeps what was already sold: the change in stock is applied to the stock
 * as it is then ({@link StockLedger#replace}), so a unit given out before or while the replacement runs stays
 * given out.
 * <p>
 * A replacement holds the sale's reconciler lease: a pass that read the books between the definition and the
 * stock would see units missing or extra and "repair" them. Its two writes are ordered so that a crash between
 * them leaves units missing, never extra, which the next pass returns as orphans: a larger stock is saved first
 * and then added to the shards, a smaller one taken from the shards first and then saved. A retried replacement
 * finds the definition it saved and changes nothing more.
 */
public final class SaleAdministration {

    /** A reconciler pass (or another replacement) holds the sale's lease: try again shortly. */
    public static final class SaleBusy extends RuntimeException {
        public SaleBusy(String saleId) {
            super("sale " + saleId + " is being reconciled or replaced", null, false, false);
        }
    }

    /** Longer than a replacement takes; a replacement that died frees the sale by itself. */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final SaleCatalog catalog;
    private final StockLedger ledger;
    private final ReconcilerLeases leases;
    private final Clock clock;

    public SaleAdministration(SaleCatalog catalog, StockLedger ledger, ReconcilerLeases leases, Clock clock) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.leases = leases;
        this.clock = clock;
    }

    /** The sale as defined now (read through to the source, never a cached copy). */
    public Optional<Sale> find(String saleId) {
        return catalog.find(saleId);
    }

    /** Answers true when the sale was created, false when it replaced one; {@link SaleBusy} when it must wait. */
    public boolean put(Sale sale) {
        Optional<Sale> old = catalog.find(sale.id());
        if (old.isEmpty()) {
            ledger.open(sale, sale.stock());
            return !catalog.save(sale);
        }
        String holder = "replace-" + UUID.randomUUID();
        Instant now = clock.instant();
        if (!leases.take(sale.id(), holder, now, now.plus(LEASE))) {
            throw new SaleBusy(sale.id());
        }
        try {
            if (sale.stock() >= old.get().stock()) {
                catalog.save(sale);
                ledger.replace(old.get(), sale);
            } else {
                ledger.replace(old.get(), sale);
                catalog.save(sale);
            }
        } finally {
            leases.end(sale.id(), holder);
        }
        return false;
    }
}
