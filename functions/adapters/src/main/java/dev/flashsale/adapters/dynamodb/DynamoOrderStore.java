package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.event.OrderEvent;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderPage;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.RejectionReason;
import dev.flashsale.core.port.OrderStore;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.flashsale.adapters.dynamodb.Items.integer;
import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.s;
import static dev.flashsale.adapters.dynamodb.Items.string;

/** The orders table: one item per order id, and the {@code bySale} index to list a sale's orders. */
@Singleton
public class DynamoOrderStore implements OrderStore {

    public static final String BY_SALE_INDEX = "bySale";
    /** Sparse: orders awaiting payment, and expired ones whose units are not back yet, by sale and deadline. */
    public static final String UNPAID_INDEX = "unpaidBySale";
    static final String UNPAID_SALE = "unpaidSale";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoOrderStore(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getOrdersTable();
    }

    /** The order, its event marked pending in the same conditional put ({@link EventMarks}). */
    @Override
    public Order writeOnce(Order order) {
        Map<String, AttributeValue> item = toItem(order);
        if (OrderEvent.announced(order.status())) {
            item.put(EventMarks.mark(order.status()), s(order.createdAt().toString()));
            item.put(EventMarks.SHARD, s(EventMarks.shard(order.orderId())));
            item.put(EventMarks.SALE, s(order.saleId()));
        }
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(orderId)"));
            return order;
        } catch (ConditionalCheckFailedException alreadyWritten) {
            return find(order.orderId()).orElseThrow(() -> alreadyWritten);
        }
    }

    @Override
    public Optional<Order> find(String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("orderId", s(orderId)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toOrder(item));
    }

    @Override
    public List<Order> listBySale(String saleId) {
        List<Order> orders = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .indexName(BY_SALE_INDEX)
                        .keyConditionExpression("saleId = :sale")
                        .expressionAttributeValues(Map.of(":sale", s(saleId))))
                .items()
                .forEach(item -> orders.add(toOrder(item)));
        return orders;
    }

    /**
     * A page of the {@code bySale} index (sorted by order id). The cursor is the page's last order id, base64url:
     * with the sale, it is the whole key DynamoDB needs to start the next query after it.
     */
    @Override
    public OrderPage pageBySale(String saleId, String after, int limit) {
        Map<String, AttributeValue> start = after == null ? null
                : Map.of("saleId", s(saleId), "orderId", s(decode(after)));
        var answer = dynamo.query(b -> b.tableName(table)
                .indexName(BY_SALE_INDEX)
                .keyConditionExpression("saleId = :sale")
                .expressionAttributeValues(Map.of(":sale", s(saleId)))
                .exclusiveStartKey(start)
                .limit(limit));
        List<Order> orders = answer.items().stream().map(DynamoOrderStore::toOrder).toList();
        boolean more = answer.hasLastEvaluatedKey() && !answer.lastEvaluatedKey().isEmpty() && !orders.isEmpty();
        return new OrderPage(orders, more ? encode(orders.get(orders.size() - 1).orderId()) : null);
    }

    private static String encode(String orderId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(orderId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notOurs) {
            throw new IllegalArgumentException("not a cursor this store gave");
        }
    }

    static Map<String, AttributeValue> toItem(Order order) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("orderId", s(order.orderId()));
        item.put("saleId", s(order.saleId()));
        item.put("userId", s(order.userId()));
        item.put("quantity", n(order.quantity()));
        item.put("status", s(order.status().name()));
        item.put("createdAt", s(order.createdAt().toString()));
        if (order.reason() != null) {
            item.put("reason", s(order.reason().name()));
        }
        if (order.payBy() != null) {
            item.put("payBy", s(order.payBy().toString()));
        }
        if (order.awaitsPayment()) {
            item.put(UNPAID_SALE, s(order.saleId()));
        }
        return item;
    }

    static Order toOrder(Map<String, AttributeValue> item) {
        String payBy = string(item, "payBy");
        String reason = string(item, "reason");
        return new Order(string(item, "orderId"), string(item, "saleId"), string(item, "userId"),
                integer(item, "quantity", 1), OrderStatus.valueOf(string(item, "status")),
                Instant.parse(string(item, "createdAt")), reason == null ? null : RejectionReason.valueOf(reason),
                payBy == null ? null : Instant.parse(payBy));
    }
}
