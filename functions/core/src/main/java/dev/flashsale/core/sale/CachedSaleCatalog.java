package dev.flashsale.core.sale;

import dev.flashsale.core.port.SaleCatalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps sale definitions in the container for a short while: every purchase needs the sale, and a definition
 * changes rarely, so one read per sale per container per {@code maxAge} is enough.
 *
 * <p>Unknown ids are remembered too, for {@code unknownMaxAge}, so a flood of random ids costs one read per id
 * per container, not one per request. They live apart from the sales, in a bounded least-recently-used map: a
 * flood only ever evicts other unknown ids, never a sale. The sales' own map is bounded as well, and when full
 * it drops the least recently used sale that is not open; an open sale is never dropped.
 */
public final class CachedSaleCatalog implements SaleCatalog {

    private record Entry(Optional<Sale> sale, Instant readAt) {
    }

    /** Unknown ids remembered at most: a flood's random ids beyond this evict the oldest of them. */
    public static final int MAX_UNKNOWN = 10_000;
    /** Sales remembered at most (real ones only: their number is the catalog's, not the requests'). */
    public static final int MAX_SALES = 1_000;

    private final SaleCatalog source;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration unknownMaxAge;
    private final int maxUnknown;
    private final int maxSales;
    private final LinkedHashMap<String, Entry> sales = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, Entry> unknown = new LinkedHashMap<>(16, 0.75f, true);

    public CachedSaleCatalog(SaleCatalog source, Clock clock, Duration maxAge) {
        this(source, clock, maxAge, maxAge, MAX_UNKNOWN, MAX_SALES);
    }

    public CachedSaleCatalog(SaleCatalog source, Clock clock, Duration maxAge, Duration unknownMaxAge,
                             int maxUnknown, int maxSales) {
        if (maxUnknown < 1 || maxSales < 1) {
            throw new IllegalArgumentException("cache bounds must be positive");
        }
        this.source = source;
        this.clock = clock;
        this.maxAge = maxAge;
        this.unknownMaxAge = unknownMaxAge;
        this.maxUnknown = maxUnknown;
        this.maxSales = maxSales;
    }

    @Override
    public Optional<Sale> find(String saleId) {
        if (!SaleIds.isValid(saleId)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry cached = cached(saleId, now);
        if (cached != null) {
            return cached.sale();
        }
        // Read outside the lock: a slow read must not hold up the other requests of the container.
        Entry read = new Entry(source.find(saleId), now);
        remember(saleId, read, now);
        return read.sale();
    }

    private synchronized Entry cached(String saleId, Instant now) {
        Entry sale = sales.get(saleId);
        if (sale != null && sale.readAt().plus(maxAge).isAfter(now)) {
            return sale;
        }
        Entry none = unknown.get(saleId);
        if (none != null && none.readAt().plus(unknownMaxAge).isAfter(now)) {
            return none;
        }
        return null;
    }

    private synchronized void remember(String saleId, Entry entry, Instant now) {
        if (entry.sale().isPresent()) {
            unknown.remove(saleId);
            sales.put(saleId, entry);
            if (sales.size() > maxSales) {
                dropOneNotOpen(now);
            }
        } else {
            sales.remove(saleId);
            unknown.put(saleId, entry);
            if (unknown.size() > maxUnknown) {
                Iterator<String> eldest = unknown.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** The least recently used sale that is not open at {@code now}; if every one is open, the map stays over. */
    private void dropOneNotOpen(Instant now) {
        for (Iterator<Map.Entry<String, Entry>> it = sales.entrySet().iterator(); it.hasNext(); ) {
            if (!it.next().getValue().sale().orElseThrow().isOpenAt(now)) {
                it.remove();
                return;
            }
        }
    }

    /** How many ids (sales and unknown) the container remembers now. */
    public synchronized int size() {
        return sales.size() + unknown.size();
    }

    @Override
    public List<Sale> list() {
        return source.list();
    }

    @Override
    public boolean save(Sale sale) {
        boolean replaced = source.save(sale);
        synchronized (this) {
            sales.remove(sale.id());
            unknown.remove(sale.id());
        }
        return replaced;
    }
}
