package dev.flashsale.tests.ledger;

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
}
