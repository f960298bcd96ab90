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
import java.util.LinkedHashMap;
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
 * Both index keys are the sale's split over {@link IndexShards} values ({@code <sale>#<n>}, n from the order id or the
 * user id), so no one index partition is written at the sale's rate; readers query every value and merge.
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
    /**
     * The intent's {@code pendingSale} value, kept so that a later move can put it back in the index without
     * knowing its sale; an intent written before the index was split has none and goes back under its bare sale id.
     */
    static final String PENDING_KEY = "pendingKey";
    private static final String PENDING_AGAIN = "if_not_exists(" + PENDING_KEY + ", saleId)";
    private static final String INTENT_PREFIX = "ORDER#";
    private static final Duration INTENT_RETENTION = Duration.ofDays(14);

    private static final String WRITE_TOKEN = "write";

    private final DynamoDbClient dynamo;
    private final DynamoStockShards shards;
    private final String table;
    private final RestorableRandom random;
    private final IndexShards indexShards;

    public DynamoLedgerItems(DynamoDbClient dynamo, DynamoStockShards shards, FlashsaleSettings settings,
                             RestorableRandom random) {
        this.dynamo = dynamo;
        this.shards = shards;
        this.random = random;
        this.table = settings.getStockTable();
        this.indexShards = new IndexShards(settings.getIndexShards());
    }

    /** The intent's {@code pendingBySale} key value: its sale's, split by order id ({@link IndexShards}). */
    private String pendingKey(String saleId, String orderId) {
        return indexShards.key(saleId, orderId);
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
            item.put(PENDING_SALE, s(pendingKey(intent.saleId(), intent.orderId())));
        }
        item.put(PENDING_KEY, s(pendingKey(intent.saleId(), intent.orderId())));
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
            update.append(", ").append(PENDING_SALE).append(" = ").append(PENDING_AGAIN);
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
                    .updateExpression("SET #state = :taking, reservedAt = :now, " + PENDING_SALE + " = " + PENDING_AGAIN)
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
                    .updateExpression("SET #state = :queued, reservedAt = :at, " + PENDING_SALE + " = " + PENDING_AGAIN)
                    .conditionExpression("#state IN (:reserved, :queued)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":queued", s(IntentState.QUEUED.name()),
                            ":at", s(at.toString()), ":reserved", s(IntentState.RESERVED.name()))));
            return true;
        } catch (ConditionalCheckFailedException claimedOrReleased) {
            return false; // a retry of a landed write finds QUEUED and lands again
        }
    }

    /** Every shard of the sale's index key, and its bare sale id (written before the split); one entry per item. */
    @Override
    public List<Intent> pendingIntents(String saleId) {
        Map<String, Intent> pending = new LinkedHashMap<>();
        for (String value : indexShards.all(saleId)) {
            dynamo.queryPaginator(b -> b.tableName(table)
                            .indexName(PENDING_INDEX)
                            .keyConditionExpression(PENDING_SALE + " = :sale")
                            .expressionAttributeValues(Map.of(":sale", s(value))))
                    .items()
                    .forEach(item -> {
                        if (string(item, "pk").startsWith(INTENT_PREFIX)) {
                            // an item moving from the bare key may briefly be listed under both (index lag)
                            pending.putIfAbsent(string(item, "pk"), toIntent(item));
                        }
                    });
        }
        return new ArrayList<>(pending.values());
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
                    .updateExpression("ADD bought :q, holds :ids SET " + BUYER_SALE + " = :buyers, userId = :user, "
                            + StockItemExpiry.ATTRIBUTE + " = :expires")
                    .conditionExpression("(attribute_not_exists(bought) OR bought <= :most) AND NOT contains(holds, :id)")
                    .expressionAttributeValues(Map.of(":q", n(quantity), ":ids", AttributeValue.fromSs(List.of(orderId)),
                            ":id", s(orderId), ":most", n(sale.perUserLimit() - quantity),
                            ":buyers", s(indexShards.key(sale.id(), userId)),
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

    /** Every shard of the sale's buyer key, and its bare sale id (written before the split); one entry per buyer. */
    @Override
    public Map<String, Set<String>> buyerHolds(String saleId) {
        Map<String, Set<String>> holds = new HashMap<>();
        for (String value : indexShards.all(saleId)) {
            dynamo.queryPaginator(b -> b.tableName(table)
                            .indexName(BUYERS_INDEX)
                            .keyConditionExpression(BUYER_SALE + " = :sale")
                            .expressionAttributeValues(Map.of(":sale", s(value))))
                    .items()
                    .forEach(item -> {
                        AttributeValue ids = item.get("holds");
                        if (ids != null && ids.hasSs() && !ids.ss().isEmpty()) {
                            holds.putIfAbsent(string(item, "userId"), new HashSet<>(ids.ss()));
                        }
                    });
        }
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
