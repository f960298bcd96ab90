package dev.flashsale.core.sale;

import dev.flashsale.core.fakes.Fixtures;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.MovableClock;
import dev.flashsale.core.port.SaleCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachedSaleCatalogTest {

    /** Counts the reads that reach the store. */
    private static final class CountingCatalog implements SaleCatalog {
        private final InMemorySaleCatalog sales;
        private final AtomicInteger reads = new AtomicInteger();

        CountingCatalog(Sale... sales) {
            this.sales = new InMemorySaleCatalog(sales);
        }

        @Override
        public Optional<Sale> find(String saleId) {
            reads.incrementAndGet();
            return sales.find(saleId);
        }

        @Override
        public List<Sale> list() {
            return sales.list();
        }

        @Override
        public boolean save(Sale sale) {
            return sales.save(sale);
        }
    }

    private final MovableClock clock = new MovableClock(Fixtures.NOW);
    private final Sale live = Fixtures.openSale("live", 10, Protection.DEFAULTS);

    @Test
    void find_shouldKeepTheLiveSale_whenAFloodOfUnknownIdsPassesTheBound() {
        CountingCatalog source = new CountingCatalog(live);
        CachedSaleCatalog cache = new CachedSaleCatalog(source, clock, Duration.ofSeconds(1));
        cache.find("live");

        for (int i = 0; i < 12_000; i++) {
            cache.find("flood-" + i);
        }
        int before = source.reads.get();
        Optional<Sale> found = cache.find("live");

        assertTrue(found.isPresent());
        assertEquals(before, source.reads.get(), "the live sale must still be cached after the flood");
    }

    @Test
    void find_shouldStayBounded_whenAFloodOfUnknownIdsArrives() {
        CachedSaleCatalog cache = new CachedSaleCatalog(new CountingCatalog(live), clock, Duration.ofSeconds(1),
                Duration.ofSeconds(5), 100, 10);

        for (int i = 0; i < 1_000; i++) {
            cache.find("flood-" + i);
        }

        assertEquals(100, cache.size());
    }

    @Test
    void find_shouldEvictTheOldestUnknownIds_whenTheBoundIsReached() {
        CountingCatalog source = new CountingCatalog(live);
        CachedSaleCatalog cache = new CachedSaleCatalog(source, clock, Duration.ofSeconds(1), Duration.ofSeconds(5),
                3, 10);
        cache.find("a");
        cache.find("b");
        cache.find("c");
        cache.find("a"); // used again: now the newest
        cache.find("d"); // evicts b, the least recently used

        int before = source.reads.get();
        cache.find("a");
        cache.find("c");
        cache.find("d");
        assertEquals(before, source.reads.get(), "a, c and d are still cached");
        cache.find("b");
        assertEquals(before + 1, source.reads.get(), "b was evicted");
    }

    @Test
    void find_shouldAnswerUnknownIdsFromTheCache_untilTheirShortMaxAgeEnds() {
        CountingCatalog source = new CountingCatalog(live);
        CachedSaleCatalog cache = new CachedSaleCatalog(source, clock, Duration.ofSeconds(1), Duration.ofSeconds(5),
                100, 10);

        cache.find("nope");
        clock.advance(Duration.ofSeconds(4));
        cache.find("nope");
        assertEquals(1, source.reads.get(), "one read per unknown id per unknownMaxAge");

        clock.advance(Duration.ofSeconds(2));
        cache.find("nope");
        assertEquals(2, source.reads.get());
    }

    @Test
    void find_shouldNeverDropAnOpenSale_whenTheSalesBoundIsReached() {
        Sale ended = new Sale("old", "Old", 1, Fixtures.NOW.minusSeconds(7200), Fixtures.NOW.minusSeconds(3600), 1, 1,
                Protection.DEFAULTS);
        Sale other = new Sale("later", "Later", 1, Fixtures.NOW.plusSeconds(3600), Fixtures.NOW.plusSeconds(7200), 1,
                1, Protection.DEFAULTS);
        CountingCatalog source = new CountingCatalog(live, ended, other);
        CachedSaleCatalog cache = new CachedSaleCatalog(source, clock, Duration.ofSeconds(1), Duration.ofSeconds(5),
                100, 2);
        cache.find("live"); // the least recently used, but open
        cache.find("old");
        cache.find("later"); // over the bound: drops "old", the oldest that is not open

        int before = source.reads.get();
        cache.find("live");
        cache.find("later");
        assertEquals(before, source.reads.get(), "the open sale and the newest stay");
        cache.find("old");
        assertEquals(before + 1, source.reads.get(), "the ended sale was the one dropped");
    }

    @Test
    void find_shouldSeeASaleAtOnce_whenItIsSavedThroughTheCacheAfterAnUnknownRead() {
        CountingCatalog source = new CountingCatalog();
        CachedSaleCatalog cache = new CachedSaleCatalog(source, clock, Duration.ofSeconds(1), Duration.ofSeconds(5),
                100, 10);
        assertTrue(cache.find("live").isEmpty());

        cache.save(live);

        assertTrue(cache.find("live").isPresent());
    }

    @Test
    void find_shouldReadAgain_whenTheSaleIsOlderThanMaxAge() {
        CountingCatalog source = new CountingCatalog(live);
        CachedSaleCatalog cache = new CachedSaleCatalog(source, clock, Duration.ofSeconds(1));
        cache.find("live");
        clock.advance(Duration.ofMillis(1500));

        cache.find("live");

        assertEquals(2, source.reads.get());
    }
}
