package dev.flashsale.core.sale;

import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;

import java.util.Optional;

/**
 * Creates and replaces sales. Replacing keeps what was already sold: the new stock is reduced by the units the
 * old definition had already given out, so a replacement never hands out a unit twice.
 */
public final class SaleAdministration {

    private final SaleCatalog catalog;
    private final StockLedger ledger;

    public SaleAdministration(SaleCatalog catalog, StockLedger ledger) {
        this.catalog = catalog;
        this.ledger = ledger;
    }

    /** The sale as defined now (read through to the source, never a cached copy). */
    public Optional<Sale> find(String saleId) {
        return catalog.find(saleId);
    }

    /** Answers true when the sale was created, false when it replaced one. */
    public boolean put(Sale sale) {
        int alreadyTaken = catalog.find(sale.id())
                .map(old -> (int) Math.max(0, old.stock() - ledger.remaining(old)))
                .orElse(0);
        ledger.open(sale, Math.max(0, sale.stock() - alreadyTaken));
        return !catalog.save(sale);
    }
}
