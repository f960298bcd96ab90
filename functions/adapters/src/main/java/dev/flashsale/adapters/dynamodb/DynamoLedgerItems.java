package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.snapstart.RestorableRandom;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.sale.Sale;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.flashsale.adapters.dynamodb.Items.integer;
import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.s;
import static dev.flashsale.adapters.dynamodb.Items.string;

/**
 * The authoritative ledger's items in the stock table, besides the shards ({@link DynamoStockShards}):
 * <ul>
 *   <li>{@code ORDER#<orderId>}: the intent ({@code state}, sale, user, quantity, shard, {@code reservedAt}); while
 *       pending it carries {@code pendingSale}, which puts it in the sparse {@code pendingBySale} index;</li>
 *   <li>{@code SALE#<sale>#BUYER#<user>}: {@code bought} units and {@code holds}, the order ids counted (at most
 *       the per-user limit of them), with {@code buyerSale} for the sparse {@code buyersBySale} index.</li>
 * </ul>
 * Every write is one conditional single-item write; no item grows with the number of orders. An intent's writes
 * carry a token of the call ({@code write}), so that the SDK's retry of a write that did land (its answer lost or
 * late) is known for this same write, not taken for a conflict with another.
 */
@Singleton
public class DynamoLedgerItems implements LedgerItems {

    public static final String PENDING_INDEX = "pendingBySale";
    public static final String BUYERS_INDEX = "buyersBySale";
    static final String PENDING_SALE = "pendingSale";
    static final String BUYER_SALE = "buyerSale";
    private static final String INTENT_PREFIX = "ORDER#";
    private static final Duration INTENT_RETENTION = Duration.ofDays(14);

    private static final String WRITE_TOKEN = "write";

    private final DynamoDbClient dynamo;
    private final DynamoStockShards shards;
    private final String table;
    private final RestorableRandom random;

    public DynamoLedgerItems(DynamoDbClient dynamo, DynamoStockShards shards, FlashsaleSettings settings,
                             RestorableRandom random) {
        this.dynamo = dynamo;
        this.shards = shards;
        this.random = random;
        this.table = settings.getStockTable();
    }

    static String intentKey(String orderId) {
        return INTENT_PREFIX + orderId;
    }

    static String buyerKey(String saleId, String userId) {
        return "SALE#" + saleId + "#BUYER#" + userId;
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    @Override
    public boolean putIntent(Intent intent) {
        Map<String, AttributeValue> item = new HashMap<>(key(intentKey(intent.orderId())));
        item.put("state", s(intent.state().name()));
        item.put("saleId", s(intent.saleId()));
        item.put("userId", s(intent.userId()));
        item.put("quantity", n(intent.quantity()));
        item.put("shard", n(intent.shard()));
        item.put("reservedAt", s(intent.startedAt().toString()));
        item.put("expiresAt", n(intent.startedAt().plus(INTENT_RETENTION).getEpochSecond()));
        if (intent.state().pending()) {
            item.put(PENDING_SALE, s(intent.saleId()));
        }
        String token = newToken();
        item.put(WRITE_TOKEN, s(token));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return landed(intent.orderId(), token);
        }
    }

    @Override
    public Optional<Intent> intent(String orderId) {
        return intentItem(orderId).map(DynamoLedgerItems::toIntent);
    }

    /** The intent's item, read strongly consistent. */
    private Optional<Map<String, AttributeValue>> intentItem(String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(intentKey(orderId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    @Override
    public boolean moveIntent(String orderId, Set<IntentState> from, IntentState to, int shard) {
        Map<String, String> names = new HashMap<>(Map.of("#state", "state"));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":to", s(to.name()));
        List<String> fromNames = new ArrayList<>();
        int i = 0;
        for (IntentState state : from) {
            values.put(":from" + i, s(state.name()));
            fromNames.add(":from" + i++);
        }
        String token = newToken();
        names.put("#write", WRITE_TOKEN);
        values.put(":write", s(token));
        StringBuilder update = new StringBuilder("SET #state = :to, #write = :write");
        if (shard != Intent.NO_SHARD) {
            update.append(", #shard = :shard");
            names.put("#shard", "shard");
            values.put(":shard", n(shard));
        }
        if (to.pending()) {
            update.append(", ").append(PENDING_SALE).append(" = saleId");
        } else {
            update.append(" REMOVE ").append(PENDING_SALE);
        }
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(intentKey(orderId)))
                    .updateExpression(update.toString())
                    .conditionExpression("#state IN (" + String.join(", ", fromNames) + ")")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notInThatState) {
            return landed(orderId, token);
        }
    }

    private String newToken() {
        return Long.toHexString(random.nextLong());
    }

    /** After a failed condition: whether the intent's last write is this call's own (a retry of a write that landed). */
    private boolean landed(String orderId, String token) {
        return intentItem(orderId).map(item -> item.get(WRITE_TOKEN))
                .map(written -> token.equals(written.s()))
                .orElse(false);
    }

    @Override
    public boolean restartIntent(String orderId, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(intentKey(orderId)))
                    .updateExpression("SET #state = :taking, reservedAt = :now, " + PENDING_SALE + " = saleId")
                    .conditionExpression("#state = :abandoned")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":taking", s(IntentState.TAKING.name()),
                            ":now", s(now.toString()), ":abandoned", s(IntentState.ABANDONED.name()))));
            return true;
        } catch (ConditionalCheckFailedException notAbandoned) {
            return false;
        }
    }

    @Override
    public boolean markQueued(String orderId, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(intentKey(orderId)))
                    .updateExpression("SET #state = :queued, reservedAt = :at, " + PENDING_SALE + " = saleId")
                    .conditionExpression("#state IN (:reserved, :queued)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":queued", s(IntentState.QUEUED.name()),
                            ":at", s(at.toString()), ":reserved", s(IntentState.RESERVED.name()))));
            return true;
        } catch (ConditionalCheckFailedException claimedOrReleased) {
            return false; // a retry of a landed write finds QUEUED and lands again
        }
    }

    @Override
    public List<Intent> pendingIntents(String saleId) {
        List<Intent> pending = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .indexName(PENDING_INDEX)
                        .keyConditionExpression(PENDING_SALE + " = :sale")
                        .expressionAttributeValues(Map.of(":sale", s(saleId))))
                .items()
                .forEach(item -> {
                    if (string(item, "pk").startsWith(INTENT_PREFIX)) {
                        pending.add(toIntent(item));
                    }
                });
        return pending;
    }

    private static Intent toIntent(Map<String, AttributeValue> item) {
        return new Intent(string(item, "pk").substring(INTENT_PREFIX.length()), string(item, "saleId"),
                string(item, "userId"), integer(item, "quantity", 1), integer(item, "shard", Intent.NO_SHARD),
                IntentState.valueOf(string(item, "state")), Instant.parse(string(item, "reservedAt")));
    }

    @Override
    public BuyerCount countBuyer(Sale sale, String userId, String orderId, int quantity) {
        Map<String, AttributeValue> buyer = key(buyerKey(sale.id(), userId));
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(buyer)
                    // the count goes by TTL a while after the sale is over (StockItemExpiry)
                    .updateExpression("ADD bought :q, holds :ids SET " + BUYER_SALE + " = :sale, userId = :user, "
                            + StockItemExpiry.ATTRIBUTE + " = :expires")
                    .conditionExpression("(attribute_not_exists(bought) OR bought <= :most) AND NOT contains(holds, :id)")
                    .expressionAttributeValues(Map.of(":q", n(quantity), ":ids", AttributeValue.fromSs(List.of(orderId)),
                            ":id", s(orderId), ":most", n(sale.perUserLimit() - quantity), ":sale", s(sale.id()),
                            ":user", s(userId), ":expires", StockItemExpiry.afterSale(sale))));
            return BuyerCount.COUNTED;
        } catch (ConditionalCheckFailedException limitOrCounted) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(buyer).consistentRead(true))
                    .item();
            boolean counted = item != null && item.containsKey("holds") && item.get("holds").ss().contains(orderId);
            return counted ? BuyerCount.COUNTED : BuyerCount.LIMIT_REACHED;
        }
    }

    @Override
    public void uncountBuyer(String saleId, String userId, String orderId, int quantity) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(buyerKey(saleId, userId)))
                    .updateExpression("ADD bought :minus DELETE holds :ids")
                    .conditionExpression("contains(holds, :id)")
                    .expressionAttributeValues(Map.of(":minus", n(-quantity),
                            ":ids", AttributeValue.fromSs(List.of(orderId)), ":id", s(orderId))));
        } catch (ConditionalCheckFailedException notCounted) {
            // never counted, or already taken off: nothing to do
        }
    }

    @Override
    public Map<String, Set<String>> buyerHolds(String saleId) {
        Map<String, Set<String>> holds = new HashMap<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .indexName(BUYERS_INDEX)
                        .keyConditionExpression(BUYER_SALE + " = :sale")
                        .expressionAttributeValues(Map.of(":sale", s(saleId))))
                .items()
                .forEach(item -> {
                    AttributeValue ids = item.get("holds");
                    if (ids != null && ids.hasSs() && !ids.ss().isEmpty()) {
                        holds.put(string(item, "userId"), new HashSet<>(ids.ss()));
                    }
                });
        return holds;
    }

    @Override
    public int take(Sale sale, int quantity, String token) {
        return shards.take(sale, quantity, token);
    }

    @Override
    public boolean takeFrom(String saleId, int shard, int quantity, String token) {
        return shards.takeFrom(saleId, shard, quantity, token);
    }

    @Override
    public void putBack(String saleId, int shard, int quantity, String token) {
        shards.putBack(saleId, shard, quantity, token);
    }

    @Override
    public int[] remainingByShard(String saleId, int count) {
        return shards.remainingByShard(saleId, count);
    }

    @Override
    public long remaining(Sale sale) {
        return shards.remaining(sale);
    }

    @Override
    public ShardReading readShards(Sale sale) {
        return shards.readShards(sale);
    }

    @Override
    public void fill(Sale sale, int available) {
        shards.fill(sale, available);
    }

    @Override
    public boolean knownEmpty(Sale sale) {
        return shards.knownEmpty(sale);
    }
}
