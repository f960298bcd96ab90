package dev.flashsale.core.ledger;

import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, F5 and F8: the SDK sends a shard write again when the answer to one that landed was lost. The resend
 * carries the same call token, the shard item recognises it, and no unit moves twice: a take is answered as the
 * take it was (not "empty", not a second unit), a put-back adds its units once.
 */
class ShardRetryTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final InMemoryLedgerItems items = new InMemoryLedgerItems();
    private final WriteAheadLedger ledger = new WriteAheadLedger(items, LedgerEvents.NONE);

    private static Sale sale(int stock) {
        return new Sale("s1", "Sneakers", stock, NOW.minusSeconds(60), NOW.plusSeconds(3600), 1, 1, Protection.NONE);
    }

    @Test
    void reserve_shouldHoldTheLastUnit_whenTheSdkResendsItsTakeThatLanded() {
        // given: one unit left
        Sale sale = sale(1);
        items.fill(sale, 1);
        items.resendNextShardWrite();

        // when
        ReservationOutcome outcome = ledger.reserve(sale, "ann", 1, "order-ann", NOW);

        // then: the resend's failed condition is the landed take, not an empty shard (F5)
        assertInstanceOf(ReservationOutcome.Reserved.class, outcome);
        assertEquals(0, items.remaining(sale));
    }

    @Test
    void reserve_shouldTakeOneUnit_whenTheSdkResendsItsTakeThatLanded() {
        // given
        Sale sale = sale(5);
        items.fill(sale, 5);
        items.resendNextShardWrite();

        // when
        ledger.reserve(sale, "ann", 1, "order-ann", NOW);

        // then: not a second unit (F5)
        assertEquals(4, items.remaining(sale));
    }

    @Test
    void release_shouldPutTheUnitBackOnce_whenTheSdkResendsItsPutBackThatLanded() {
        // given: ann holds one of five
        Sale sale = sale(5);
        items.fill(sale, 5);
        Reservation ann = assertInstanceOf(ReservationOutcome.Reserved.class,
                ledger.reserve(sale, "ann", 1, "order-ann", NOW)).reservation();
        items.resendNextShardWrite();

        // when
        assertTrue(ledger.release(ann));

        // then: five, not six (F8)
        assertEquals(5, items.remaining(sale));
    }

    @Test
    void confirm_shouldCountOnce_whenTheSdkResendsTheAuthoritysTakeThatLanded() {
        // given: the Redis backend's authority, the last unit
        Sale sale = sale(1);
        items.fill(sale, 1);
        CountingAuthority authority = new CountingAuthority(items, new InMemorySaleCatalog(sale),
                Clock.fixed(NOW, ZoneOffset.UTC));
        items.resendNextShardWrite();

        // when
        StockAuthority.Count counted = authority.confirm(new Reservation("order-ann", sale.id(), "ann", 1, 0, NOW));

        // then: the admitted order is confirmed, not rejected STOCK_EXHAUSTED (F5)
        assertEquals(StockAuthority.Count.COUNTED, counted);
        assertEquals(0, items.remaining(sale));
    }
}
