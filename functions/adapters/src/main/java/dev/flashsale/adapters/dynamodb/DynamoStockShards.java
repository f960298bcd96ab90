package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.snapstart.RestorableRandom;
import dev.flashsale.adapters.time.Ticker;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.ShardPlan;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.number;
import static dev.flashsale.adapters.dynamodb.Items.s;

/**
 * A sale's authoritative stock in DynamoDB: items {@code SALE#<sale>#SHARD#<n>} holding {@code stock} and the
 * tokens of their recent takes and put-backs ({@link CallToken}: 16 slots each, 12 characters a token, so an item
 * stays near 600 bytes whatever the number of orders), each under its own partition key so the write rate scales
 * with the shard count (one item takes ~1,000 writes/s). Every change is a conditional single-item write, so no
 * shard ever goes below zero, and every take and put-back is conditional on its token: an SDK retry of one that
 * landed moves no unit.
 */
@Singleton
public class DynamoStockShards {

    /** How long a shard found empty is skipped by this container; short, since a release can refill it. */
    public static final Duration EMPTY_SHARD_MEMORY = Duration.ofMillis(500);

    private final DynamoDbClient dynamo;
    private final String table;
    private final RestorableRandom random;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, Long> emptyUntilNanos = new ConcurrentHashMap<>();

    public DynamoStockShards(DynamoDbClient dynamo, FlashsaleSettings settings, RestorableRandom random,
                             Ticker ticker) {
        this.random = random;
        this.ticker = ticker;
        this.dynamo = dynamo;
        this.table = settings.getStockTable();
    }

    static String shardKey(String saleId, int shard) {
        return "SALE#" + saleId + "#SHARD#" + shard;
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    /** Sets the shards to hold {@code available} units in all; shards beyond the sale's count are emptied. */
    public void fill(Sale sale, int available) {
        int[] units = new int[sale.shards()];
        for (int shard = 0; shard < sale.shards(); shard++) {
            units[shard] = ShardPlan.unitsInShard(available, sale.shards(), shard);
        }
        setStock(sale, units, read(sale.id(), ShardPlan.MAX_SHARDS));
    }

    private void setStock(Sale sale, int[] units, Map<Integer, Map<String, AttributeValue>> existing) {
        for (int shard = 0; shard < ShardPlan.MAX_SHARDS; shard++) {
            boolean inSale = shard < units.length;
            if (!inSale && !existing.containsKey(shard)) {
                continue;
            }
            int stock = inSale ? units[shard] : 0; // a replaced sale with fewer shards: old shards sell nothing
            String shardKey = shardKey(sale.id(), shard);
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(shardKey))
                    .updateExpression("SET stock = :stock")
                    .expressionAttributeValues(Map.of(":stock", n(stock))));
        }
        forgetEmptyShards(sale.id());
    }

    /** Takes units from one shard, trying them from a random start; the shard that gave them, or -1 if none could. */
    public int take(Sale sale, int quantity, String token) {
        int shards = sale.shards();
        int start = random.nextInt(shards);
        long nowNanos = ticker.nanos();
        for (int i = 0; i < shards; i++) {
            int shard = (start + i) % shards;
            String shardKey = shardKey(sale.id(), shard);
            Long emptyUntil = emptyUntilNanos.get(shardKey);
            if (emptyUntil != null && emptyUntil - nowNanos > 0) {
                continue;
            }
            if (takeFrom(sale.id(), shard, quantity, token)) {
                return shard;
            }
            emptyUntilNanos.put(shardKey, ticker.nanos() + EMPTY_SHARD_MEMORY.toNanos());
        }
        return -1;
    }

    /**
     * Takes units from one shard, conditional on it holding them and on this call's token not being in its slot.
     * When the condition fails, a strong read of the slot tells the SDK's retry of a take that landed (true: it
     * took once) from a shard that holds too few (false).
     */
    public boolean takeFrom(String saleId, int shard, int quantity, String token) {
        CallToken call = CallToken.take(token);
        String shardKey = shardKey(saleId, shard);
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(shardKey))
                    .updateExpression("SET stock = stock - :q, #slot = :token")
                    .conditionExpression("stock >= :q AND " + CallToken.ABSENT)
                    .expressionAttributeNames(Map.of("#slot", call.slot()))
                    .expressionAttributeValues(Map.of(":q", n(quantity), ":token", s(call.value()))));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return holds(shardKey, call);
        }
    }

    /** Strong read of one token slot: whether this call's write landed. */
    private boolean holds(String shardKey, CallToken call) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(shardKey))
                .consistentRead(true)
                .projectionExpression("#slot")
                .expressionAttributeNames(Map.of("#slot", call.slot()))).item();
        AttributeValue held = item == null ? null : item.get(call.slot());
        return held != null && call.value().equals(held.s());
    }

    /**
     * True when every shard of the sale is empty as far as this container knows. Once this container has seen
     * them all empty, an expired memory is refreshed with one read of the shards rather than the writes of a
     * reservation bound to fail: the long tail of a sold-out sale costs a read per container and moment.
     */
    public boolean knownEmpty(Sale sale) {
        long nowNanos = ticker.nanos();
        boolean expired = false;
        for (int shard = 0; shard < sale.shards(); shard++) {
            Long emptyUntil = emptyUntilNanos.get(shardKey(sale.id(), shard));
            if (emptyUntil == null) {
                return false;
            }
            expired |= emptyUntil - nowNanos <= 0;
        }
        return !expired || stillEmpty(sale);
    }

    private boolean stillEmpty(Sale sale) {
        int[] units = remainingByShard(sale);
        long until = ticker.nanos() + EMPTY_SHARD_MEMORY.toNanos();
        boolean empty = true;
        for (int shard = 0; shard < units.length; shard++) {
            if (units[shard] > 0) {
                emptyUntilNanos.remove(shardKey(sale.id(), shard));
                empty = false;
            } else {
                emptyUntilNanos.put(shardKey(sale.id(), shard), until);
            }
        }
        return empty;
    }

    /**
     * Adds units to a shard once per token: the write is conditional on the token not being in its slot, so the
     * SDK's retry of a put-back that landed fails its condition and adds nothing. That condition fails on nothing
     * else (a put-back has no refusal), so a failed condition is the landed retry itself: no read needed.
     */
    public void putBack(String saleId, int shard, int quantity, String token) {
        CallToken call = CallToken.putBack(token);
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(shardKey(saleId, shard)))
                    .updateExpression("SET #slot = :token ADD stock :q")
                    .conditionExpression(CallToken.ABSENT)
                    .expressionAttributeNames(Map.of("#slot", call.slot()))
                    .expressionAttributeValues(Map.of(":q", n(quantity), ":token", s(call.value()))));
        } catch (ConditionalCheckFailedException landedBefore) {
            // this very put-back landed on an earlier attempt
        }
        emptyUntilNanos.remove(shardKey(saleId, shard));
    }

    public long remaining(Sale sale) {
        long remaining = 0;
        for (int units : remainingByShard(sale)) {
            remaining += units;
        }
        return remaining;
    }

    /**
     * The shards read strongly, with as their mark a digest of every shard item's attributes (units and token
     * slots): a take or put-back that lands writes its token into a slot, so the mark changes with every unit moved.
     */
    public LedgerItems.ShardReading readShards(Sale sale) {
        Map<Integer, Map<String, AttributeValue>> items = read(sale.id(), sale.shards());
        MessageDigest digest = sha256();
        long remaining = 0;
        for (int shard = 0; shard < sale.shards(); shard++) {
            Map<String, AttributeValue> item = items.getOrDefault(shard, Map.of());
            remaining += Math.max(0, number(item, "stock"));
            digest.update(("#" + shard).getBytes(StandardCharsets.UTF_8));
            new TreeMap<>(item).forEach((name, value) -> digest.update((name + "=" + (value.s() != null ? value.s()
                    : value.n()) + ";").getBytes(StandardCharsets.UTF_8)));
        }
        return new LedgerItems.ShardReading(remaining, HexFormat.of().formatHex(digest.digest(), 0, 16));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException(missing);
        }
    }

    public int[] remainingByShard(Sale sale) {
        return remainingByShard(sale.id(), sale.shards());
    }

    /** The units on each of the first {@code shards} shards, read strongly consistent (0 for a missing item). */
    public int[] remainingByShard(String saleId, int shards) {
        Map<Integer, Map<String, AttributeValue>> items = read(saleId, shards);
        int[] units = new int[shards];
        items.forEach((shard, item) -> units[shard] = (int) Math.max(0, number(item, "stock")));
        return units;
    }

    private Map<Integer, Map<String, AttributeValue>> read(String saleId, int shards) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            keys.add(key(shardKey(saleId, shard)));
        }
        Map<Integer, Map<String, AttributeValue>> byShard = new HashMap<>();
        Map<String, KeysAndAttributes> pending = Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (pending != null && !pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = pending;
            var response = dynamo.batchGetItem(b -> b.requestItems(request));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                String pk = item.get("pk").s();
                byShard.put(Integer.parseInt(pk.substring(pk.lastIndexOf('#') + 1)), item);
            }
            pending = response.unprocessedKeys();
        }
        return byShard;
    }

    private void forgetEmptyShards(String saleId) {
        emptyUntilNanos.keySet().removeIf(shardKey -> shardKey.startsWith("SALE#" + saleId + "#SHARD#"));
    }
}
