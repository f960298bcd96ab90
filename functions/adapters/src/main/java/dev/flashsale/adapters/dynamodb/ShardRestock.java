package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.sale.Sale;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.List;
import java.util.Map;

import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.s;

/**
 * Gives an expired order's units back to the authoritative stock, once. The shard item (and the buyer item)
 * notes the order id in {@code restocked} with the same write that adds the units, and the write is conditional on
 * the id not being there: repeated, it changes nothing. The note is removed once the order records that its units
 * are back ({@link #forget}), so the items stay small: only expiries in progress are listed.
 */
@Singleton
public class ShardRestock {

    private final DynamoDbClient dynamo;
    private final String table;

    public ShardRestock(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getStockTable();
    }

    /** The shard an order's units go back to: any shard will do, stock is fungible; a fixed one keeps it once. */
    public static int shardOf(Sale sale, Order order) {
        return Math.floorMod(order.orderId().hashCode(), sale.shards());
    }

    public void toShard(Sale sale, Order order) {
        addOnce(DynamoStockShards.shardKey(sale.id(), shardOf(sale, order)), "stock", order.quantity(), order, "");
    }

    /** Lowers the buyer's count: the shopper holds nothing any more and may buy again. Never below zero. */
    public void fromBuyer(Sale sale, Order order) {
        // The buyer item holds the ids of the orders it counts: taking the id off lowers the count once.
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(DynamoLedgerItems.buyerKey(sale.id(), order.userId()))))
                    .updateExpression("ADD bought :minus DELETE holds :ids")
                    .conditionExpression("contains(holds, :id)")
                    .expressionAttributeValues(Map.of(":minus", n(-order.quantity()),
                            ":ids", AttributeValue.fromSs(List.of(order.orderId())), ":id", s(order.orderId()))));
        } catch (ConditionalCheckFailedException alreadyOff) {
            // taken off by an earlier pass, or never counted here (the redis backend counts buyers in Redis)
        }
    }

    public void forget(Sale sale, Order order) {
        remove(DynamoStockShards.shardKey(sale.id(), shardOf(sale, order)), order);
        remove(DynamoLedgerItems.buyerKey(sale.id(), order.userId()), order);
    }

    private void addOnce(String pk, String attribute, int units, Order order, String extraCondition) {
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":units", n(units),
                ":ids", AttributeValue.fromSs(List.of(order.orderId())), ":id", s(order.orderId())));
        if (!extraCondition.isEmpty()) {
            values.put(":least", n(order.quantity()));
        }
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(pk)))
                    .updateExpression("ADD " + attribute + " :units, restocked :ids")
                    .conditionExpression("attribute_exists(pk) AND NOT contains(restocked, :id)" + extraCondition)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException doneOrNothingToLower) {
            // already given back by an earlier pass (or, for a buyer, nothing left to lower)
        }
    }

    private void remove(String pk, Order order) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(pk)))
                    .updateExpression("DELETE restocked :ids")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":ids", AttributeValue.fromSs(List.of(order.orderId())))));
        } catch (ConditionalCheckFailedException noSuchItem) {
            // nothing noted there (a buyer item on the redis backend, which counts buyers in Redis)
        }
    }
}
