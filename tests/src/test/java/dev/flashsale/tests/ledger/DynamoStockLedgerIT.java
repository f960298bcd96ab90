package dev.flashsale.tests.ledger;

import dev.flashsale.core.ledger.CallTokens;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.OrphanSightings;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DynamoDB stock ledger against a real DynamoDB-API server: the ledger contract ({@link StockLedgerContract}),
 * and what is DynamoDB's own.
 */
@AwsFacing
@Tag(AwsTarget.TAG)
class DynamoStockLedgerIT extends StockLedgerContract {

    private static ApplicationContext context;
    private static StockLedger ledger;
    private static SaleAdministration administration;
    private static SaleCatalog catalog;

    @BeforeAll
    static void start() throws Exception {
        context = LocalCloudFixture.contextOf("AdminFunction", Map.of());
        ledger = context.getBean(StockLedger.class);
        administration = context.getBean(SaleAdministration.class);
        catalog = context.getBean(SaleCatalog.class, Qualifiers.byName("source"));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Override
    protected StockLedger ledger() {
        return ledger;
    }

    @Override
    protected Sale openSale(int stock, int perUserLimit, int shards) {
        return newSale(stock, perUserLimit, shards);
    }

    private Sale newSale(int stock, int perUserLimit, int shards) {
        Sale sale = new Sale("ledger-" + UUID.randomUUID().toString().substring(0, 8), "Test", stock,
                now.minusSeconds(60), now.plusSeconds(3600), perUserLimit, shards, Protection.DEFAULTS);
        administration.put(sale);
        return sale;
    }

    /**
     * Issue 20, F4: the books return orphans only when the shards' mark is the same a window later. The mark must
     * change with every unit moved, a take and a put-back that leave the total as it was included, and not otherwise.
     */
    @Test
    void readShards_shouldChangeTheMark_whenAUnitMovesEvenIfTheTotalDoesNot() {
        Sale sale = newSale(4, 2, 2);
        LedgerItems items = context.getBean(LedgerItems.class);
        LedgerItems.ShardReading before = items.readShards(sale);
        LedgerItems.ShardReading again = items.readShards(sale);

        int shard = items.take(sale, 1, CallTokens.take("mark-order", Instant.now()));
        items.putBack(sale.id(), shard, 1, CallTokens.giveBack("mark-order"));
        LedgerItems.ShardReading moved = items.readShards(sale);

        assertEquals(4, before.remaining());
        assertEquals(before, again, "nothing moved: the same reading");
        assertEquals(4, moved.remaining(), "a take and its put-back: the same total");
        assertFalse(before.mark().equals(moved.mark()), "but not the same shards");
    }

    /** The sighting a pass leaves for the next, read back as written; forgotten once spent. */
    @Test
    void orphanSightings_shouldKeepTheLastSighting_untilCleared() {
        OrphanSightings sightings = context.getBean(OrphanSightings.class);
        String saleId = "sighting-" + UUID.randomUUID().toString().substring(0, 8);
        OrphanSightings.Sighting first = new OrphanSightings.Sighting(saleId, 5, 1, "mark-a",
                Instant.ofEpochMilli(1_800_000_000_000L));
        OrphanSightings.Sighting second = new OrphanSightings.Sighting(saleId, 5, 2, "mark-b",
                Instant.ofEpochMilli(1_800_000_060_000L));

        sightings.record(first);
        assertEquals(first, sightings.find(saleId).orElseThrow());
        sightings.record(second);
        assertEquals(second, sightings.find(saleId).orElseThrow());
        sightings.clear(saleId);
        assertTrue(sightings.find(saleId).isEmpty());
    }

    /**
     * Issue 22, item 6: a buyer count is a per-sale item too; it goes by the stock table's TTL a while after the
     * sale is over, as intents and repair records do, instead of staying for ever.
     */
    @Test
    void reserve_shouldGiveTheBuyerCountAnExpiry_afterTheSalesEnd() {
        Sale sale = newSale(10, 2, 1);

        ledger.reserve(sale, "expiring-buyer", 1, OrderIds.next(), now);

        var dynamo = context.getBean(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class);
        String table = context.getBean(dev.flashsale.adapters.config.FlashsaleSettings.class).getStockTable();
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of("pk",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                        "SALE#" + sale.id() + "#BUYER#expiring-buyer")))).item();
        assertTrue(item.containsKey("bought"), item.toString());
        long expiresAt = Long.parseLong(item.get("expiresAt").n());
        assertTrue(expiresAt > sale.endsAt().getEpochSecond(), "not before the sale is over: " + item);
        assertTrue(expiresAt <= sale.endsAt().plus(java.time.Duration.ofDays(30)).getEpochSecond(), item.toString());
    }

    @Test
    void reserve_shouldStopAtThePerUserLimit_whenLimitIsTwo() {
        Sale sale = newSale(10, 2, 1);

        assertInstanceOf(ReservationOutcome.Reserved.class, ledger.reserve(sale, "u", 1, OrderIds.next(), now));
        assertInstanceOf(ReservationOutcome.Reserved.class, ledger.reserve(sale, "u", 1, OrderIds.next(), now));
        assertInstanceOf(ReservationOutcome.LimitReached.class, ledger.reserve(sale, "u", 1, OrderIds.next(), now));
        assertEquals(8, ledger.remaining(sale));
    }

    @Test
    void release_shouldGiveTheUnitBackOnce_whenCalledTwice() {
        // given
        Sale sale = newSale(1, 1, 1);
        var reserved = (ReservationOutcome.Reserved) ledger.reserve(sale, "u", 1, OrderIds.next(), now);

        // when
        boolean first = ledger.release(reserved.reservation());
        boolean second = ledger.release(reserved.reservation());

        // then
        assertTrue(first);
        assertFalse(second);
        assertEquals(1, ledger.remaining(sale));
        assertTrue(ledger.findReservation(reserved.reservation().orderId()).isEmpty());
        assertInstanceOf(ReservationOutcome.Reserved.class, ledger.reserve(sale, "u", 1, OrderIds.next(), now),
                "the user may buy again once their unit is back");
    }

    @Test
    void put_shouldKeepUnitsAlreadySold_whenASaleIsReplaced() {
        // given
        Sale sale = newSale(10, 1, 3);
        for (int i = 0; i < 4; i++) {
            ledger.reserve(sale, "early-" + i, 1, OrderIds.next(), now);
        }

        // when: replaced with more stock and fewer shards
        Sale replaced = new Sale(sale.id(), "Bigger", 20, sale.startsAt(), sale.endsAt(), 1, 2, Protection.DEFAULTS);
        boolean created = administration.put(replaced);

        // then
        assertFalse(created);
        assertEquals(16, ledger.remaining(replaced));
        assertEquals("Bigger", catalog.find(sale.id()).orElseThrow().name());
        assertInstanceOf(ReservationOutcome.LimitReached.class,
                ledger.reserve(replaced, "early-0", 1, OrderIds.next(), now), "buyers keep their purchases");
    }

    /**
     * Issue 20, F5 and F8, on DynamoDB's own condition language: a shard write sent twice with its call token (as
     * the SDK resends one whose answer was lost) moves its units once; a take refused for want of units is told
     * from a take that landed by the strong read of its token slot.
     */
    @Test
    void shardWrites_shouldMoveTheirUnitsOnce_whenTheSameCallIsSentTwice() {
        // given
        Sale sale = newSale(3, 1, 1);
        LedgerItems items = context.getBean(LedgerItems.class);
        String take = CallTokens.take(OrderIds.next(), now);
        String back = CallTokens.giveBack(OrderIds.next());

        // when
        boolean first = items.takeFrom(sale.id(), 0, 1, take);
        boolean again = items.takeFrom(sale.id(), 0, 1, take);
        long afterTakes = ledger.remaining(sale);
        items.putBack(sale.id(), 0, 2, back);
        items.putBack(sale.id(), 0, 2, back);

        // then
        assertTrue(first);
        assertTrue(again, "known as the take that landed");
        assertEquals(2, afterTakes, "one unit taken");
        assertEquals(4, ledger.remaining(sale), "two units put back once");
        assertFalse(items.takeFrom(sale.id(), 0, 5, CallTokens.take(OrderIds.next(), now)), "too few: refused");
        assertEquals(4, ledger.remaining(sale));
    }
}
