package dev.flashsale.tests.ledger;

import dev.flashsale.adapters.redis.RedisConnection;
import dev.flashsale.adapters.redis.RedisStockLedger;
import dev.flashsale.adapters.snapstart.RestorableRandom;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The Redis ledger's Lua script against a real Redis 7 server: the ledger contract ({@link StockLedgerContract}),
 * and the edge cases of an admission decision on the cache.
 */
class RedisStockLedgerIT extends StockLedgerContract {

    private static ApplicationContext context;
    private static StockLedger ledger;
    private static SaleAdministration administration;

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

    private Sale sale(int stock, Instant startsAt, Instant endsAt, int perUserLimit, int shards) {
        return new Sale("redis-" + UUID.randomUUID().toString().substring(0, 8), "Test", stock, startsAt, endsAt,
                perUserLimit, shards, Protection.DEFAULTS);
    }

    @Override
    protected StockLedger ledger() {
        return ledger;
    }

    @Override
    protected Sale openSale(int stock, int perUserLimit, int shards) {
        Sale sale = sale(stock, now.minusSeconds(60), now.plusSeconds(3600), perUserLimit, shards);
        administration.put(sale);
        return sale;
    }

    @Test
    void reserve_shouldRefuse_whenTheSaleIsNotOpen() {
        Sale upcoming = sale(5, now.plusSeconds(60), now.plusSeconds(120), 1, 1);
        Sale ended = sale(5, now.minusSeconds(120), now.minusSeconds(60), 1, 1);
        administration.put(upcoming);
        administration.put(ended);

        assertInstanceOf(ReservationOutcome.NotOpen.class, ledger.reserve(upcoming, "u", 1, OrderIds.next(), now));
        assertInstanceOf(ReservationOutcome.NotOpen.class, ledger.reserve(ended, "u", 1, OrderIds.next(), now));
        assertEquals(5, ledger.remaining(upcoming));
    }

    @Test
    void reserve_shouldSayUnknownSale_whenRedisHasNeverHeardOfIt() {
        Sale neverLoaded = sale(5, now.minusSeconds(60), now.plusSeconds(60), 1, 1);

        assertInstanceOf(ReservationOutcome.UnknownSale.class, ledger.reserve(neverLoaded, "u", 1, OrderIds.next(), now));
    }

    @Test
    void reserve_shouldReturnTheFirstAnswer_whenRetriedWithTheSameOrderId() {
        // given
        Sale sale = openSale(3, 1, 2);
        String orderId = OrderIds.next();

        // when: a retry after, say, a timeout that hid a success
        var first = (ReservationOutcome.Reserved) ledger.reserve(sale, "retrier", 1, orderId, now);
        var again = (ReservationOutcome.Reserved) ledger.reserve(sale, "retrier", 1, orderId, now);

        // then
        assertEquals(first.reservation().shard(), again.reservation().shard());
        assertEquals(2, ledger.remaining(sale), "one unit taken, not two");
        assertEquals("retrier", ledger.findReservation(orderId).orElseThrow().userId());
    }
    /**
     * The copy of {@code ledger}'s Redis, on which bob reserves a unit while a replacement runs: right after whatever
     * the replacement reads of the copy's stock (a read-then-set would undo his unit), or, if it reads nothing
     * (one atomic script), right after it.
     */
    private final class BobBuysDuringTheReplacement extends RedisStockLedger {
        private boolean bobReserved;

        BobBuysDuringTheReplacement() {
            super(context.getBean(RedisConnection.class), context.getBean(RestorableRandom.class));
        }

        @Override
        public long remaining(Sale read) {
            long remaining = super.remaining(read);
            bobBuys(read);
            return remaining;
        }

        @Override
        public void replace(Sale old, Sale sale) {
            super.replace(old, sale);
            bobBuys(sale);
        }

        private void bobBuys(Sale onSale) {
            if (!bobReserved) {
                bobReserved = true;
                assertInstanceOf(ReservationOutcome.Reserved.class, reserve(onSale, "bob", 1, OrderIds.next(), now));
            }
        }
    }

    private static Sale replaced(Sale sale, int stock, int shards) {
        return new Sale(sale.id(), sale.name(), stock, sale.startsAt(), sale.endsAt(), sale.perUserLimit(), shards,
                sale.protection());
    }

    /** Issue 20, F7 on the copy: a reservation that lands while a live sale's replacement runs stays taken. */
    @Test
    void replace_shouldKeepAReservationMadeMeanwhile_andApplyTheChangeOnce_whenTheStockOfALiveSaleIsRaised() {
        // given: a live sale of 5, ann holds one
        Sale sale = openSale(5, 1, 1);
        ledger.reserve(sale, "ann", 1, OrderIds.next(), now);
        Sale raised = replaced(sale, 7, 1);

        // when: the operator raises the stock to 7 while bob buys; the script is sent again (a client's re-send)
        new BobBuysDuringTheReplacement().replace(sale, raised);
        context.getBean(RedisStockLedger.class).replace(sale, raised);

        // then: 7 less ann's and bob's units
        assertEquals(5, ledger.remaining(raised));
    }

    @Test
    void replace_shouldKeepAReservationMadeMeanwhile_whenALiveSaleLosesShards() {
        // given: 6 units on 3 shards, ann holds one
        Sale sale = openSale(6, 1, 3);
        ledger.reserve(sale, "ann", 1, OrderIds.next(), now);
        Sale narrower = replaced(sale, 6, 1);

        // when: the same stock on one shard while bob buys
        new BobBuysDuringTheReplacement().replace(sale, narrower);

        // then: the 4 left all on the one shard, the dropped shards hold none
        assertEquals(4, ledger.remaining(narrower));
        assertEquals(4, ledger.remaining(sale), "the dropped shards hold none");
    }
}
