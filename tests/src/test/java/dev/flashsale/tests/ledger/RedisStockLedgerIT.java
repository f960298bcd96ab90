package dev.flashsale.tests.ledger;

import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.tests.LocalCloudFixture;
import dev.flashsale.tests.Race;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis ledger's Lua script against a real Redis 7 server: the edge cases of an admission decision. */
class RedisStockLedgerIT {

    private static ApplicationContext context;
    private static StockLedger ledger;
    private static SaleAdministration administration;
    private final Instant now = Instant.now();

    @BeforeAll
    static void start() throws Exception {
        context = LocalCloudFixture.contextOf("AdmissionFunction", Map.of("FLASHSALE_STOCK_BACKEND", "redis"));
        ledger = context.getBean(StockLedger.class);
        administration = context.getBean(SaleAdministration.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private Sale sale(int stock, Instant startsAt, Instant endsAt, int shards) {
        return new Sale("redis-" + UUID.randomUUID().toString().substring(0, 8), "Test", stock, startsAt, endsAt,
                1, shards, Protection.DEFAULTS);
    }

    private Sale openSale(int stock, int shards) {
        Sale sale = sale(stock, now.minusSeconds(60), now.plusSeconds(3600), shards);
        administration.put(sale);
        return sale;
    }

    @Test
    void reserve_shouldSellTheLastUnitOnce_whenManyBuyersRaceForIt() throws Exception {
        // given
        Sale sale = openSale(1, 1);
        List<Callable<ReservationOutcome>> buyers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String user = "racer-" + i;
            buyers.add(() -> ledger.reserve(sale, user, 1, OrderIds.next(), now));
        }

        // when
        List<ReservationOutcome> outcomes = Race.run(16, buyers);

        // then
        assertEquals(1, outcomes.stream().filter(o -> o instanceof ReservationOutcome.Reserved).count());
        assertEquals(199, outcomes.stream().filter(o -> o instanceof ReservationOutcome.SoldOut).count());
        assertEquals(0, ledger.remaining(sale));
    }

    @Test
    void reserve_shouldSpreadOverShardsAndStopAtStock_whenBuyersExceedIt() throws Exception {
        Sale sale = openSale(37, 4);
        List<Callable<ReservationOutcome>> buyers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String user = "spread-" + i;
            buyers.add(() -> ledger.reserve(sale, user, 1, OrderIds.next(), now));
        }

        List<ReservationOutcome> outcomes = Race.run(16, buyers);

        assertEquals(37, outcomes.stream().filter(o -> o instanceof ReservationOutcome.Reserved).count());
        assertEquals(0, ledger.remaining(sale));
    }

    @Test
    void reserve_shouldAdmitOnce_whenTheSameUserRacesThemselves() throws Exception {
        Sale sale = openSale(10, 2);
        List<Callable<ReservationOutcome>> attempts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            attempts.add(() -> ledger.reserve(sale, "twin", 1, OrderIds.next(), now));
        }

        List<ReservationOutcome> outcomes = Race.run(16, attempts);

        assertEquals(1, outcomes.stream().filter(o -> o instanceof ReservationOutcome.Reserved).count());
        assertEquals(49, outcomes.stream().filter(o -> o instanceof ReservationOutcome.LimitReached).count());
        assertEquals(9, ledger.remaining(sale));
    }

    @Test
    void reserve_shouldRefuse_whenTheSaleIsNotOpen() {
        Sale upcoming = sale(5, now.plusSeconds(60), now.plusSeconds(120), 1);
        Sale ended = sale(5, now.minusSeconds(120), now.minusSeconds(60), 1);
        administration.put(upcoming);
        administration.put(ended);

        assertInstanceOf(ReservationOutcome.NotOpen.class, ledger.reserve(upcoming, "u", 1, OrderIds.next(), now));
        assertInstanceOf(ReservationOutcome.NotOpen.class, ledger.reserve(ended, "u", 1, OrderIds.next(), now));
        assertEquals(5, ledger.remaining(upcoming));
    }

    @Test
    void reserve_shouldSayUnknownSale_whenRedisHasNeverHeardOfIt() {
        Sale neverLoaded = sale(5, now.minusSeconds(60), now.plusSeconds(60), 1);

        assertInstanceOf(ReservationOutcome.UnknownSale.class, ledger.reserve(neverLoaded, "u", 1, OrderIds.next(), now));
    }

    @Test
    void reserve_shouldReturnTheFirstAnswer_whenRetriedWithTheSameOrderId() {
        // given
        Sale sale = openSale(3, 2);
        String orderId = OrderIds.next();

        // when: a retry after, say, a timeout that hid a success
        var first = (ReservationOutcome.Reserved) ledger.reserve(sale, "retrier", 1, orderId, now);
        var again = (ReservationOutcome.Reserved) ledger.reserve(sale, "retrier", 1, orderId, now);

        // then
        assertEquals(first.reservation().shard(), again.reservation().shard());
        assertEquals(2, ledger.remaining(sale), "one unit taken, not two");
        assertEquals("retrier", ledger.findReservation(orderId).orElseThrow().userId());
    }

    @Test
    void releaseAndClaim_shouldExcludeEachOther() {
        Sale sale = openSale(2, 1);
        Reservation kept = ((ReservationOutcome.Reserved) ledger.reserve(sale, "a", 1, OrderIds.next(), now)).reservation();
        Reservation dropped = ((ReservationOutcome.Reserved) ledger.reserve(sale, "b", 1, OrderIds.next(), now)).reservation();

        assertTrue(ledger.claim(kept));
        assertFalse(ledger.release(kept));
        assertTrue(ledger.release(dropped));
        assertFalse(ledger.release(dropped), "released once only");
        assertFalse(ledger.claim(dropped));
        assertEquals(1, ledger.remaining(sale));
        assertInstanceOf(ReservationOutcome.Reserved.class, ledger.reserve(sale, "b", 1, OrderIds.next(), now),
                "the released buyer may buy again");
    }
}
