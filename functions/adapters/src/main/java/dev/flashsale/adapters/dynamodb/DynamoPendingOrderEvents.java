package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.event.OrderEvent;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.PendingOrderEvents;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.flashsale.adapters.dynamodb.Items.s;

/**
 * The outbox on the orders table ({@link EventMarks}): a sale's pending events are its items in the
 * {@code pendingEvents} index, one query per shard, each read again strongly (the index lags its table: an event
 * published a moment ago is not sent again).
 */
@Singleton
public class DynamoPendingOrderEvents implements PendingOrderEvents {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoPendingOrderEvents(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getOrdersTable();
    }

    @Override
    public List<OrderEvent> pending(String saleId) {
        Set<String> orderIds = new LinkedHashSet<>();
        for (int shard = 0; shard < EventMarks.SHARDS; shard++) {
            String key = Integer.toString(shard);
            dynamo.queryPaginator(b -> b.tableName(table)
                            .indexName(EventMarks.INDEX)
                            .keyConditionExpression(EventMarks.SHARD + " = :shard AND " + EventMarks.SALE + " = :sale")
                            .expressionAttributeValues(Map.of(":shard", s(key), ":sale", s(saleId))))
                    .items()
                    .forEach(indexed -> orderIds.add(indexed.get("orderId").s()));
        }
        List<OrderEvent> pending = new ArrayList<>();
        for (String orderId : orderIds) {
            Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                    .key(Map.of("orderId", s(orderId))).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                continue;
            }
            List<OrderEvent> events = eventsOf(item);
            if (events.isEmpty() && item.containsKey(EventMarks.SHARD)) {
                leaveIndex(orderId); // its last mark went, the index keys did not (a publish stopped in between)
            }
            pending.addAll(events);
        }
        return pending;
    }

    private static List<OrderEvent> eventsOf(Map<String, AttributeValue> item) {
        List<OrderEvent> events = new ArrayList<>();
        Order order = null;
        for (OrderStatus status : EventMarks.ANNOUNCED) {
            AttributeValue at = item.get(EventMarks.mark(status));
            if (at != null && at.s() != null) {
                order = order == null ? DynamoOrderStore.toOrder(item) : order;
                events.add(OrderEvent.of(order, status, Instant.parse(at.s())));
            }
        }
        return events;
    }

    @Override
    public void published(OrderEvent event) {
        Map<String, AttributeValue> after;
        try {
            after = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("orderId", s(event.orderId())))
                    .updateExpression("REMOVE " + EventMarks.mark(event.status()))
                    .conditionExpression("attribute_exists(orderId)")
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (ConditionalCheckFailedException noSuchOrder) {
            return;
        }
        if (eventsOf(after).isEmpty()) {
            leaveIndex(event.orderId());
        }
    }

    /** The item leaves the index once no mark is left (a mark set meanwhile keeps it there). */
    private void leaveIndex(String orderId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("orderId", s(orderId)))
                    .updateExpression("REMOVE " + EventMarks.SHARD + ", " + EventMarks.SALE)
                    .conditionExpression(EventMarks.noneLeft()));
        } catch (ConditionalCheckFailedException markedAgain) {
            // another status's event is pending: it stays findable
        }
    }
}
