package dev.flashsale.tests.payment;

import dev.flashsale.adapters.dynamodb.DynamoStockShards;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.tests.LocalCloudFixture;
import dev.flashsale.tests.faults.StoreFaults;
import dev.flashsale.tests.faults.StoreFaults.Fault;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expiry when the SDK sends its {@code markExpired} again after the first attempt landed (its answer lost):
 * the retry's condition fails on the order it has itself just expired, and that must not read as "paid meanwhile".
 * The unit comes back once, not never and not twice, on both backends.
 */
class ExpiryRetryIT {

    @AfterEach
    void disarm() {
        StoreFaults.disarm();
    }

    /** The orders table's write that moves a CONFIRMED order to EXPIRED. */
    private static boolean markExpired(SdkRequest request) {
        return request instanceof UpdateItemRequest update && update.updateExpression() != null
                && update.updateExpression().contains(":expired") && update.updateExpression().startsWith("SET #status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void run_shouldGiveTheUnitBackOnce_whenTheSdkRetriesAMarkExpiredThatLanded(String backend) throws Exception {
        try (ApplicationContext context = LocalCloudFixture.contextOf("ReconcilerFunction",
                Map.of("FLASHSALE_STOCK_BACKEND", backend))) {
            // given: one unit, sold to an order that is never paid
            Sale sale = OrderExpiryIT.saleWithWindow(1);
            context.getBean(SaleAdministration.class).put(sale);
            Order order = OrderExpiryIT.buy(context, sale, "eve");
            Instant later = order.payBy().plus(OrderExpiry.GRACE).plusSeconds(1);

            // when: the expiry's markExpired lands, its answer is lost and the SDK sends it again
            StoreFaults.arm(1, Fault.LANDED_THEN_RETRIED, ExpiryRetryIT::markExpired);
            OrderExpiry.Report first = OrderExpiryIT.expiryAt(context, later, new ArrayList<>()).run();
            int attempts = StoreFaults.attempts();
            StoreFaults.disarm();
            OrderExpiry.Report second = OrderExpiryIT.expiryAt(context, later, new ArrayList<>()).run();

            // then: the write was sent twice, the order is expired and its unit is on sale again, once
            assertTrue(attempts >= 2, "the fault made the SDK retry: " + attempts + " attempts");
            assertEquals(new OrderExpiry.Report(1, 1), first);
            assertEquals(new OrderExpiry.Report(0, 0), second);
            assertEquals(OrderStatus.EXPIRED, context.getBean(OrderStore.class).find(order.orderId())
                    .orElseThrow().status());
            assertEquals(1, context.getBean(DynamoStockShards.class).remaining(sale), "authoritative stock");
            assertEquals(1, context.getBean(StockLedger.class).remaining(sale), "the stock admission reads");
        }
    }
}
