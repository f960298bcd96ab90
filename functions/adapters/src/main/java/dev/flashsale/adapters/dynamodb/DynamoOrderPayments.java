package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.OrderPayments;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.flashsale.adapters.dynamodb.DynamoOrderStore.UNPAID_INDEX;
import static dev.flashsale.adapters.dynamodb.DynamoOrderStore.UNPAID_SALE;
import static dev.flashsale.adapters.dynamodb.Items.s;

/**
 * Payment states on the orders table. An order awaiting payment carries {@code unpaidSale} (the sparse
 * {@code unpaidBySale} index, ranged by {@code payBy}); paying removes it, expiring keeps it until the units are
 * back, so the reconciler's one query finds both the orders to expire and the expiries to finish. Paying and
 * expiring mark the status's event pending in the same write ({@link EventMarks}).
 */
@Singleton
public class DynamoOrderPayments implements OrderPayments {

    private static final Map<String, String> NAMES = Map.of("#status", "status");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoOrderPayments(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getOrdersTable();
    }

    private static Map<String, AttributeValue> key(String orderId) {
        return Map.of("orderId", s(orderId));
    }

    @Override
    public boolean markPaid(String orderId, String paymentId, Instant paidAt) {
        try {
            Map<String, AttributeValue> values = new HashMap<>(EventMarks.setValues(orderId, paidAt.toString()));
            values.putAll(Map.of(":paid", s("PAID"), ":payment", s(paymentId),
                    ":at", s(paidAt.toString()), ":confirmed", s("CONFIRMED")));
            dynamo.updateItem(b -> b.tableName(table).key(key(orderId))
                    .updateExpression("SET #status = :paid, paymentId = :payment, paidAt = :at, "
                            + EventMarks.setClause(OrderStatus.PAID) + " REMOVE " + UNPAID_SALE)
                    .conditionExpression("#status = :confirmed")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notConfirmed) {
            return false;
        }
    }

    @Override
    public boolean markExpired(String orderId, Instant now) {
        try {
            Map<String, AttributeValue> values = new HashMap<>(EventMarks.setValues(orderId, now.toString()));
            values.putAll(Map.of(":expired", s("EXPIRED"), ":at", s(now.toString()),
                    ":confirmed", s("CONFIRMED"), ":now", s(now.toString())));
            dynamo.updateItem(b -> b.tableName(table).key(key(orderId))
                    .updateExpression("SET #status = :expired, expiredAt = :at, "
                            + EventMarks.setClause(OrderStatus.EXPIRED))
                    // or this same call's write, landed, its answer lost: the SDK's retry must not read as paid
                    .conditionExpression("(#status = :confirmed AND payBy < :now)"
                            + " OR (#status = :expired AND expiredAt = :at)")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException paidOrNotDue) {
            return false;
        }
    }

    @Override
    public void markRestocked(String orderId) {
        dynamo.updateItem(b -> b.tableName(table).key(key(orderId))
                .updateExpression("SET restockedAt = :at REMOVE " + UNPAID_SALE)
                .conditionExpression("#status = :expired")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":at", s(Instant.now().toString()), ":expired", s("EXPIRED"))));
    }

    @Override
    public List<Order> due(String saleId, Instant cutoff) {
        List<Order> due = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .indexName(UNPAID_INDEX)
                        .keyConditionExpression(UNPAID_SALE + " = :sale AND payBy < :cutoff")
                        .expressionAttributeValues(Map.of(":sale", s(saleId), ":cutoff", s(cutoff.toString()))))
                .items()
                .forEach(indexed -> {
                    // The index lags its table: an expiry finished a moment ago must not be given back again.
                    Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                            .key(key(indexed.get("orderId").s())).consistentRead(true)).item();
                    if (item != null && item.containsKey(UNPAID_SALE)) {
                        due.add(DynamoOrderStore.toOrder(item));
                    }
                });
        return due;
    }
}
