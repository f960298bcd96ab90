package dev.flashsale.core.sale;

import dev.flashsale.core.cache.CacheRecovery;
import dev.flashsale.core.cache.CachedStockLedger;
import dev.flashsale.core.fakes.CountingStockLedger;
import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemoryReconcilerLeases;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.InMemoryStockCache;
import dev.flashsale.core.ledger.CountingAuthority;
import dev.flashsale.core.ledger.WriteAheadLedger;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 20, F7: replacing a live sale applies the change in stock to the shards as they are, so a take that lands
 * between the replacement's read and its write stays taken.
 */
class SaleAdministrationTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    /** The store calls that change a shard's stock. */
    private static final Set<String> STOCK_WRITES = Set.of("fill", "putBack", "takeFrom");

    private final InMemoryLedgerItems items = new InMemoryLedgerItems();
    private final WriteAheadLedger ledger = new WriteAheadLedger(items, LedgerEvents.NONE);
    private final InMemoryReconcilerLeases leases = new InMemoryReconcilerLeases();
    private final Sale sale = sale(5, 1);
    private final InMemorySaleCatalog catalog = new InMemorySaleCatalog();
    private final SaleAdministration administration = new SaleAdministration(catalog, ledger, leases,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static Sale sale(int stock, int shards) {
        return new Sale("s1", "Sneakers", stock, NOW.minusSeconds(60), NOW.plusSeconds(3600), 1, shards,
                Protection.NONE);
    }

    /** Before the replacement's first stock write, bob takes a unit (the replacement has read the shards). */
    private void bobBuysDuringTheReplacement() {
        boolean[] armed = {true};
        items.beforeEachCall(call -> {
            if (armed[0] && STOCK_WRITES.contains(call.name())) {
                armed[0] = false;
                assertInstanceOf(ReservationOutcome.Reserved.class,
                        ledger.reserve(sale, "bob", 1, "order-bob", NOW));
            }
        });
    }

    @Test
    void put_shouldKeepATakeMadeMeanwhile_whenTheStockOfALiveSaleIsRaised() {
        // given: a live sale of 5, ann holds one
        administration.put(sale);
        ledger.reserve(sale, "ann", 1, "order-ann", NOW);
        bobBuysDuringTheReplacement();

        // when: the operator raises the stock to 7
        administration.put(sale(7, 1));

        // then: 7 less ann's and bob's units
        assertEquals(5, items.remaining(sale(7, 1)));
    }

    @Test
    void put_shouldKeepATakeMadeMeanwhile_whenTheStockOfALiveSaleIsLowered() {
        // given
        administration.put(sale);
        ledger.reserve(sale, "ann", 1, "order-ann", NOW);
        bobBuysDuringTheReplacement();

        // when: the operator lowers the stock to 4
        administration.put(sale(4, 1));

        // then: 4 less ann's and bob's units
        assertEquals(2, items.remaining(sale(4, 1)));
    }

    @Test
    void put_shouldMoveEveryUnitOnce_whenALiveSaleLosesShards() {
        // given: 6 units on 3 shards, ann holds one
        Sale wide = sale(6, 3);
        administration.put(wide);
        ledger.reserve(wide, "ann", 1, "order-ann", NOW);
        bobBuysDuringTheReplacement();

        // when: the same stock on one shard
        administration.put(sale(6, 1));

        // then: the 4 left are all on shard 0, the dropped shards hold none
        assertEquals(4, items.remainingByShard("s1", 3)[0]);
        assertEquals(0, items.remainingByShard("s1", 3)[1] + items.remainingByShard("s1", 3)[2]);
    }

    /**
     * The Redis backend (issue 20, F7): the cache ledger in front of the authority. Bob's order is counted on the
     * authority just before the replacement's first stock write there (the replacement has read what it reads):
     * his unit stays counted.
     */
    @Test
    void put_shouldKeepACountMadeMeanwhile_whenALiveSaleIsReplacedOnTheCachedBackend() {
        // given: a live sale of 5 on the cached backend, ann's order counted by the authority
        InMemoryLedgerItems authorityItems = new InMemoryLedgerItems();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CacheRecovery recovery = new CacheRecovery(new InMemoryStockCache(clock), authorityItems,
                new InMemoryOrders(), clock);
        SaleAdministration cached = new SaleAdministration(catalog,
                new CachedStockLedger(new CountingStockLedger(), recovery), leases, clock);
        CountingAuthority authority = new CountingAuthority(authorityItems, catalog, clock);
        cached.put(sale);
        assertEquals(StockAuthority.Count.COUNTED,
                authority.confirm(new Reservation("order-ann", "s1", "ann", 1, 0, NOW)));
        boolean[] armed = {true};
        authorityItems.beforeEachCall(call -> {
            if (armed[0] && STOCK_WRITES.contains(call.name())) {
                armed[0] = false;
                assertEquals(StockAuthority.Count.COUNTED,
                        authority.confirm(new Reservation("order-bob", "s1", "bob", 1, 0, NOW)));
            }
        });

        // when: the operator raises the stock to 7
        cached.put(sale(7, 1));

        // then: 7 less ann's and bob's units
        assertEquals(5, authorityItems.remaining(sale(7, 1)));
    }

    @Test
    void put_shouldAskToTryAgain_whenAReconcilerPassHoldsTheSale() {
        // given: a pass holds the sale's books
        administration.put(sale);
        leases.take("s1", "a-pass", NOW, NOW.plusSeconds(150));

        // when / then: nothing changes
        assertThrows(SaleAdministration.SaleBusy.class, () -> administration.put(sale(7, 1)));
        assertEquals(5, items.remaining(sale));
        assertEquals(5, catalog.find("s1").orElseThrow().stock());
    }
}
