package dev.flashsale.tests.ledger;

import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.tests.Race;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link StockLedger} promises, under real concurrency against its real store: each backend's IT
 * extends this class and adds only what is its own.
 */
abstract class StockLedgerContract {

    protected final Instant now = Instant.now();

    protected abstract StockLedger ledger();

    /** A sale open now, put through the sale administration (so the ledger holds its stock). */
    protected abstract Sale openSale(int stock, int perUserLimit, int shards);

    @ParameterizedTest(name = "{0} in stock over {1} shards, {2} buyers")
    @CsvSource({"1, 1, 200", "37, 4, 100", "50, 4, 300"})
    void reserve_shouldSellExactlyTheStock_whenManyBuyersRace(int stock, int shards, int buyers) throws Exception {
        // given
        Sale sale = openSale(stock, 1, shards);
        List<Callable<ReservationOutcome>> attempts = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            String user = "buyer-" + i;
            attempts.add(() -> ledger().reserve(sale, user, 1, OrderIds.next(), now));
        }

        // when
        List<ReservationOutcome> outcomes = Race.run(16, attempts);

        // then
        assertEquals(stock, outcomes.stream().filter(o -> o instanceof ReservationOutcome.Reserved).count());
        assertEquals(buyers - stock, outcomes.stream().filter(o -> o instanceof ReservationOutcome.SoldOut).count());
        assertEquals(0, ledger().remaining(sale));
    }

    @Test
    void reserve_shouldAdmitOnce_whenTheSameUserRacesThemselves() throws Exception {
        // given
        Sale sale = openSale(10, 1, 2);
        List<Callable<ReservationOutcome>> attempts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            attempts.add(() -> ledger().reserve(sale, "twin", 1, OrderIds.next(), now));
        }

        // when
        List<ReservationOutcome> outcomes = Race.run(16, attempts);

        // then
        assertEquals(1, outcomes.stream().filter(o -> o instanceof ReservationOutcome.Reserved).count());
        assertEquals(49, outcomes.stream().filter(o -> o instanceof ReservationOutcome.LimitReached).count());
        assertEquals(9, ledger().remaining(sale));
    }

    @Test
    void claimAndRelease_shouldExcludeEachOther_whicheverComesFirst() {
        // given
        Sale sale = openSale(2, 1, 1);
        Reservation kept = reserved(sale, "a");
        Reservation dropped = reserved(sale, "b");

        // when / then: a claimed reservation is an order, never released
        assertTrue(ledger().claim(kept));
        assertFalse(ledger().release(kept), "a claimed reservation is an order: never released");
        assertTrue(ledger().claim(kept), "claiming again is harmless");

        // when / then: a released unit can no longer become an order
        assertTrue(ledger().release(dropped));
        assertFalse(ledger().release(dropped), "released once only");
        assertFalse(ledger().claim(dropped), "a released unit can no longer become an order");

        assertEquals(1, ledger().remaining(sale));
        assertInstanceOf(ReservationOutcome.Reserved.class, ledger().reserve(sale, "b", 1, OrderIds.next(), now),
                "the released buyer may buy again");
    }

    private Reservation reserved(Sale sale, String user) {
        return ((ReservationOutcome.Reserved) ledger().reserve(sale, user, 1, OrderIds.next(), now)).reservation();
    }
}
