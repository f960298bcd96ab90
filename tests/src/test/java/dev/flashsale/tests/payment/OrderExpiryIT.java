package dev.flashsale.tests.payment;

import dev.flashsale.adapters.dynamodb.DynamoStockShards;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.payment.OrderPayment;
import dev.flashsale.core.payment.PaymentOutcome;
import dev.flashsale.core.port.OrderPayments;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Product;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.tests.LocalCloudFixture;
import dev.flashsale.tests.MovableTicker;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Unpaid orders against the real stores on both backends: the expiry gives the unit back to DynamoDB's
 * authoritative shards and to the Redis copy, lowers the buyer's count, never touches a paid order, and gives a
 * unit back once however often it runs or restarts.
 */
class OrderExpiryIT {

    static Sale saleWithWindow(int stock) {
        Instant now = Instant.now();
        return new Sale("pay-" + UUID.randomUUID().toString().substring(0, 8), "Pay", stock,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), 1, 2, Protection.NONE,
                new Product("Sneakers", 8900, "EUR"), 1);
    }

    static Order buy(ApplicationContext context, Sale sale, String userId) {
        StockLedger ledger = context.getBean(StockLedger.class);
        Reservation reservation = ((ReservationOutcome.Reserved) ledger.reserve(sale, userId, 1, OrderIds.next(),
                Instant.now())).reservation();
        return context.getBean(OrderWriter.class).write(reservation);
    }

    static OrderExpiry expiryAt(ApplicationContext context, Instant now, List<Order> expired) {
        return new OrderExpiry(context.getBean(SaleCatalog.class, Qualifiers.byName("source")),
                context.getBean(OrderPayments.class), context.getBean(GiveBack.class),
                context.getBean(UnitReturns.class), context.getBean(dev.flashsale.core.port.PaymentGateway.class),
                Clock.fixed(now, ZoneOffset.UTC), expired::add);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void run_shouldPutAnUnpaidUnitBackOnSaleOnce_andLeavePaidOrders(String backend) throws Exception {
        ApplicationContext notStarted = LocalCloudFixture.builderOf("ReconcilerFunction",
                Map.of("FLASHSALE_STOCK_BACKEND", backend));
        MovableTicker ticker = MovableTicker.replacingIn(notStarted);
        try (ApplicationContext context = notStarted.start()) {
            // given: two units, both sold; ann pays, bob does not
            Sale sale = saleWithWindow(2);
            context.getBean(SaleAdministration.class).put(sale);
            StockLedger ledger = context.getBean(StockLedger.class);
            DynamoStockShards shards = context.getBean(DynamoStockShards.class);
            Order paid = buy(context, sale, "ann");
            Order unpaid = buy(context, sale, "bob");
            assertEquals(OrderStatus.CONFIRMED, unpaid.status());
            assertNotNull(unpaid.payBy(), "a sale with a payment window gives its orders a deadline");
            assertInstanceOf(PaymentOutcome.Paid.class, context.getBean(OrderPayment.class).pay(paid.orderId(),
                    "ann", "test-approve"));
            assertEquals(0, ledger.remaining(sale));
            assertInstanceOf(ReservationOutcome.SoldOut.class,
                    ledger.reserve(sale, "cy", 1, OrderIds.next(), Instant.now()));

            // when: a pass after the deadline and its grace, then the same pass again
            List<Order> expired = new ArrayList<>();
            Instant later = unpaid.payBy().plus(OrderExpiry.GRACE).plusSeconds(1);
            OrderExpiry.Report first = expiryAt(context, later, expired).run();
            OrderExpiry.Report second = expiryAt(context, later, expired).run();

            // then: bob's unit is back in the authoritative stock and the admission copy, once
            assertEquals(new OrderExpiry.Report(1, 1), first);
            assertEquals(new OrderExpiry.Report(0, 0), second);
            OrderStore orders = context.getBean(OrderStore.class);
            assertEquals(OrderStatus.EXPIRED, orders.find(unpaid.orderId()).orElseThrow().status());
            assertEquals(OrderStatus.PAID, orders.find(paid.orderId()).orElseThrow().status());
            assertEquals(1, shards.remaining(sale), "authoritative stock");
            assertEquals(1, ledger.remaining(sale), "the stock admission reads");
            // a give-back clears the memory of empty shards in the container that made it; in Lambda a purchase runs
            // in another container, whose memory of cy's refusal lasts a moment: the purchases below come after it
            ticker.advance(DynamoStockShards.EMPTY_SHARD_MEMORY.plusMillis(1));
            // ann paid: still at her limit while a unit is there; bob's count went down: he may buy the unit back,
            // after which cy hears sold out
            assertInstanceOf(ReservationOutcome.LimitReached.class,
                    ledger.reserve(sale, "ann", 1, OrderIds.next(), Instant.now()));
            assertInstanceOf(ReservationOutcome.Reserved.class,
                    ledger.reserve(sale, "bob", 1, OrderIds.next(), Instant.now()));
            assertInstanceOf(ReservationOutcome.SoldOut.class,
                    ledger.reserve(sale, "cy", 1, OrderIds.next(), Instant.now()));
            assertInstanceOf(PaymentOutcome.Expired.class, context.getBean(OrderPayment.class).pay(unpaid.orderId(),
                    "bob", "test-approve"));
            assertNoRestockNotes(context, sale);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void giveBack_shouldAddTheUnitsOnce_whenRepeatedAfterACrash(String backend) throws Exception {
        try (ApplicationContext context = LocalCloudFixture.contextOf("ReconcilerFunction",
                Map.of("FLASHSALE_STOCK_BACKEND", backend))) {
            // given: a sold unit whose order expired, and a pass that died after giving it back
            Sale sale = saleWithWindow(1);
            context.getBean(SaleAdministration.class).put(sale);
            Order order = buy(context, sale, "dee");
            OrderPayments payments = context.getBean(OrderPayments.class);
            Instant later = order.payBy().plusSeconds(60);
            assertEquals(true, payments.markExpired(order.orderId(), later));
            UnitReturns returns = context.getBean(UnitReturns.class);
            Order expired = order.withStatus(OrderStatus.EXPIRED);
            assertEquals(GiveBack.Outcome.GIVEN_BACK, context.getBean(GiveBack.class).giveBack(order.orderId(),
                    EnumSet.of(IntentState.CLAIMED, IntentState.ORDERED)));
            returns.giveBack(sale, expired);

            // when: the next pass finds it still due and finishes it; the pass past the late-charge window too
            assertEquals(1, payments.due(sale.id(), later).size());
            OrderExpiry.Report report = expiryAt(context, later, new ArrayList<>()).run();
            Instant lastRefund = order.payBy().plus(OrderExpiry.GRACE).plus(OrderExpiry.LATE_CHARGE);
            OrderExpiry.Report last = expiryAt(context, lastRefund, new ArrayList<>()).run();

            // then: one unit back, not two (the pass that died expired it and gave it back: nothing more to count);
            // the order due, its refund pending, until the last refund
            assertEquals(new OrderExpiry.Report(0, 0), report);
            assertEquals(new OrderExpiry.Report(0, 0), last);
            assertEquals(1, context.getBean(DynamoStockShards.class).remaining(sale));
            assertEquals(1, context.getBean(StockLedger.class).remaining(sale));
            assertEquals(0, payments.due(sale.id(), lastRefund).size());
            assertNoRestockNotes(context, sale);
        }
    }

    /** The guard notes are gone once settled: the hot-path items stay as small as before. */
    private static void assertNoRestockNotes(ApplicationContext context, Sale sale) {
        DynamoDbClient dynamo = context.getBean(DynamoDbClient.class);
        String table = context.getBean(dev.flashsale.adapters.config.FlashsaleSettings.class).getStockTable();
        for (int shard = 0; shard < sale.shards(); shard++) {
            String pk = "SALE#" + sale.id() + "#SHARD#" + shard;
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(pk))).consistentRead(true)).item();
            assertFalse(item.containsKey("restocked"), item.toString());
        }
    }
}
