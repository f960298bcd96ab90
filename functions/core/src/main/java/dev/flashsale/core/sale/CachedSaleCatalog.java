package dev.flashsale.core.sale;

import dev.flashsale.core.port.SaleCatalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps sale definitions in the container for a short while: every purchase needs the sale, and a definition
 * changes rarely, so one read per sale per container per {@code maxAge} is enough.
 */
public final class CachedSaleCatalog implements SaleCatalog {

    private record Entry(Optional<Sale> sale, Instant readAt) {
    }

    /** Unknown ids are cached too (they are requests, not sales), so the map is bounded against random ids. */
    private static final int MAX_ENTRIES = 10_000;

    private final SaleCatalog source;
    private final Clock clock;
    private final Duration maxAge;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public CachedSaleCatalog(SaleCatalog source, Clock clock, Duration maxAge) {
        this.source = source;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public Optional<Sale> find(String saleId) {
        if (!SaleIds.isValid(saleId)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry entry = entries.get(saleId);
        if (entry == null || !entry.readAt().plus(maxAge).isAfter(now)) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entry = new Entry(source.find(saleId), now);
            entries.put(saleId, entry);
        }
        return entry.sale();
    }

    @Override
    public List<Sale> list() {
        return source.list();
    }

    @Override
    public boolean save(Sale sale) {
        boolean replaced = source.save(sale);
        entries.remove(sale.id());
        return replaced;
    }
}
