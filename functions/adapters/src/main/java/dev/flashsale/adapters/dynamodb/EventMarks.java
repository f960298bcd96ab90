package dev.flashsale.adapters.dynamodb;

import dev.flashsale.core.order.OrderStatus;

import java.util.Map;

import static dev.flashsale.adapters.dynamodb.Items.s;

/**
 * The outbox marks on an order item. A status change sets {@code ev<STATUS>} (the event's time) and puts the
 * item in the sparse {@code pendingEvents} index: its key {@code eventsShard} is one of {@link #SHARDS} values
 * from the order id (never one value written at the sale's rate), ranged by {@code eventsSale}, the sale.
 */
final class EventMarks {

    static final String INDEX = "pendingEvents";
    static final String SHARD = "eventsShard";
    static final String SALE = "eventsSale";
    static final int SHARDS = 16;
    /** The statuses that are announced, each with its mark. */
    static final OrderStatus[] ANNOUNCED = {OrderStatus.CONFIRMED, OrderStatus.REJECTED, OrderStatus.PAID,
            OrderStatus.EXPIRED};

    private EventMarks() {
    }

    static String mark(OrderStatus status) {
        return "ev" + status.name();
    }

    static String shard(String orderId) {
        return Integer.toString(Math.floorMod(orderId.hashCode(), SHARDS));
    }

    /** For an update expression: the mark of {@code status} and the index keys ({@code saleId} copied). */
    static String setClause(OrderStatus status) {
        return mark(status) + " = :eventAt, " + SHARD + " = :eventsShard, " + SALE + " = saleId";
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> setValues(String orderId,
                                                                                               String at) {
        return Map.of(":eventAt", s(at), ":eventsShard", s(shard(orderId)));
    }

    /** The condition under which no mark is left: the index keys may go. */
    static String noneLeft() {
        StringBuilder condition = new StringBuilder("attribute_exists(orderId)");
        for (OrderStatus status : ANNOUNCED) {
            condition.append(" AND attribute_not_exists(").append(mark(status)).append(')');
        }
        return condition.toString();
    }
}
