package dev.flashsale.core.sale;

import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "how is this sale doing" for the shopper's page. The remaining count is cached per container for a
 * short while: the page is refreshed by crowds, and the count is allowed to lag by about a second.
 */
public final class SaleQuery {

    private record Remaining(long units, Instant readAt) {
    }

    private final SaleCatalog catalog;
    private final StockLedger ledger;
    private final Clock clock;
    private final Duration remainingMaxAge;
    private final ConcurrentHashMap<String, Remaining> remainingBySale = new ConcurrentHashMap<>();

    public SaleQuery(SaleCatalog catalog, StockLedger ledger, Clock clock, Duration remainingMaxAge) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.clock = clock;
        this.remainingMaxAge = remainingMaxAge;
    }

    public Optional<SaleView> view(String saleId) {
        if (!SaleIds.isValid(saleId)) {
            return Optional.empty();
        }
        return catalog.find(saleId).map(sale -> {
            Instant now = clock.instant();
            long remaining = remaining(sale, now);
            return new SaleView(sale, sale.statusAt(now, remaining), now, remaining);
        });
    }

    private long remaining(Sale sale, Instant now) {
        Remaining cached = remainingBySale.get(sale.id());
        if (cached != null && cached.readAt().plus(remainingMaxAge).isAfter(now)) {
            return cached.units();
        }
        long units = ledger.remaining(sale);
        remainingBySale.put(sale.id(), new Remaining(units, now));
        return units;
    }
}
