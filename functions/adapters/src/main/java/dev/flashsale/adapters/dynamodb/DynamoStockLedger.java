package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.ShardPlan;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import static dev.flashsale.adapters.dynamodb.Items.integer;
import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.number;
import static dev.flashsale.adapters.dynamodb.Items.s;
import static dev.flashsale.adapters.dynamodb.Items.string;

/**
 * The stock ledger on DynamoDB. One table, one string key {@code pk}, three kinds of item:
 * <ul>
 *   <li>{@code SALE#<sale>#SHARD#<n>}: {@code stock} units of one shard (each shard its own partition key, so the
 *       write rate scales with the shard count);</li>
 *   <li>{@code SALE#<sale>#BUYER#<user>}: {@code bought} units, guarded by the per-user limit;</li>
 *   <li>{@code ORDER#<orderId>}: the reservation, {@code RESERVED} then {@code CLAIMED} by the order writer.</li>
 * </ul>
 * Every step is one conditional single-item write: the buyer's count is raised first (so a user can never go past
 * the limit), then one shard is decremented with {@code stock >= :q} (so no shard goes below zero), then the
 * reservation is recorded. A failed later step undoes the earlier ones; a crash between steps leaves at worst a
 * unit or a buyer count held, never one sold twice.
 */
@Singleton
@Requires(property = "flashsale.stock-backend", value = "dynamodb", defaultValue = "dynamodb")
public class DynamoStockLedger implements StockLedger {

    static final String RESERVED = "RESERVED";
    static final String CLAIMED = "CLAIMED";
    /** How long a shard found empty is skipped by this container; short, since a release can refill it. */
    private static final Duration EMPTY_SHARD_MEMORY = Duration.ofMillis(500);
    private static final Duration RESERVATION_RETENTION = Duration.ofDays(14);

    private final DynamoDbClient dynamo;
    private final String table;
    private final ConcurrentHashMap<String, Long> emptyUntilNanos = new ConcurrentHashMap<>();

    public DynamoStockLedger(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getStockTable();
    }

    static String shardKey(String saleId, int shard) {
        return "SALE#" + saleId + "#SHARD#" + shard;
    }

    static String buyerKey(String saleId, String userId) {
        return "SALE#" + saleId + "#BUYER#" + userId;
    }

    static String reservationKey(String orderId) {
        return "ORDER#" + orderId;
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    @Override
    public void open(Sale sale, int available) {
        List<WriteRequest> writes = new ArrayList<>();
        for (int shard = 0; shard < ShardPlan.MAX_SHARDS; shard++) {
            Map<String, AttributeValue> key = key(shardKey(sale.id(), shard));
            if (shard < sale.shards()) {
                Map<String, AttributeValue> item = new HashMap<>(key);
                item.put("stock", n(ShardPlan.unitsInShard(available, sale.shards(), shard)));
                writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            } else {
                // A replaced sale may have had more shards: their units must not stay reservable.
                writes.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
            }
        }
        for (int from = 0; from < writes.size(); from += 25) {
            List<WriteRequest> batch = writes.subList(from, Math.min(writes.size(), from + 25));
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (pending != null && !pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
        forgetEmptyShards(sale.id());
    }

    @Override
    public ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now) {
        if (!countBuyer(sale, userId, quantity)) {
            return new ReservationOutcome.LimitReached();
        }
        int shard = takeFromAnyShard(sale, quantity);
        if (shard < 0) {
            uncountBuyer(sale.id(), userId, quantity);
            return new ReservationOutcome.SoldOut();
        }
        Reservation reservation = new Reservation(orderId, sale.id(), userId, quantity, shard, now);
        try {
            record(reservation);
        } catch (RuntimeException recordFailure) {
            putBack(reservation);
            throw recordFailure;
        }
        return new ReservationOutcome.Reserved(reservation);
    }

    private boolean countBuyer(Sale sale, String userId, int quantity) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(buyerKey(sale.id(), userId)))
                    .updateExpression("ADD bought :q")
                    .conditionExpression("attribute_not_exists(bought) OR bought <= :most")
                    .expressionAttributeValues(Map.of(":q", n(quantity), ":most", n(sale.perUserLimit() - quantity))));
            return true;
        } catch (ConditionalCheckFailedException limitReached) {
            return false;
        }
    }

    private void uncountBuyer(String saleId, String userId, int quantity) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(key(buyerKey(saleId, userId)))
                .updateExpression("ADD bought :minus")
                .conditionExpression("bought >= :q")
                .expressionAttributeValues(Map.of(":minus", n(-quantity), ":q", n(quantity))));
    }

    /** Tries the shards from a random one on; answers the shard that gave the units, or -1 when none could. */
    private int takeFromAnyShard(Sale sale, int quantity) {
        int shards = sale.shards();
        int start = ThreadLocalRandom.current().nextInt(shards);
        long nowNanos = System.nanoTime();
        for (int i = 0; i < shards; i++) {
            int shard = (start + i) % shards;
            String shardKey = shardKey(sale.id(), shard);
            Long emptyUntil = emptyUntilNanos.get(shardKey);
            if (emptyUntil != null && emptyUntil - nowNanos > 0) {
                continue;
            }
            try {
                dynamo.updateItem(b -> b.tableName(table)
                        .key(key(shardKey))
                        .updateExpression("SET stock = stock - :q")
                        .conditionExpression("stock >= :q")
                        .expressionAttributeValues(Map.of(":q", n(quantity))));
                return shard;
            } catch (ConditionalCheckFailedException empty) {
                emptyUntilNanos.put(shardKey, System.nanoTime() + EMPTY_SHARD_MEMORY.toNanos());
            }
        }
        return -1;
    }

    private void record(Reservation reservation) {
        Map<String, AttributeValue> item = new HashMap<>(key(reservationKey(reservation.orderId())));
        item.put("state", s(RESERVED));
        item.put("saleId", s(reservation.saleId()));
        item.put("userId", s(reservation.userId()));
        item.put("quantity", n(reservation.quantity()));
        item.put("shard", n(reservation.shard()));
        item.put("reservedAt", s(reservation.reservedAt().toString()));
        item.put("expiresAt", n(reservation.reservedAt().plus(RESERVATION_RETENTION).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    private void putBack(Reservation reservation) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(key(shardKey(reservation.saleId(), reservation.shard())))
                .updateExpression("ADD stock :q")
                .expressionAttributeValues(Map.of(":q", n(reservation.quantity()))));
        uncountBuyer(reservation.saleId(), reservation.userId(), reservation.quantity());
        emptyUntilNanos.remove(shardKey(reservation.saleId(), reservation.shard()));
    }

    @Override
    public boolean release(Reservation reservation) {
        try {
            // Removing the record is the point of no return: only one of release and claim can succeed on it.
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(key(reservationKey(reservation.orderId())))
                    .conditionExpression("#state = :reserved")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":reserved", s(RESERVED))));
        } catch (ConditionalCheckFailedException claimedOrGone) {
            return false;
        }
        putBack(reservation);
        return true;
    }

    @Override
    public boolean claim(Reservation reservation) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(reservationKey(reservation.orderId())))
                    .updateExpression("SET #state = :claimed")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED))));
            return true;
        } catch (ConditionalCheckFailedException released) {
            return false;
        }
    }

    @Override
    public long remaining(Sale sale) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int shard = 0; shard < sale.shards(); shard++) {
            keys.add(key(shardKey(sale.id(), shard)));
        }
        long remaining = 0;
        Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
        while (pending != null && !pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = pending;
            var response = dynamo.batchGetItem(b -> b.requestItems(request));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                remaining += Math.max(0, number(item, "stock"));
            }
            pending = response.unprocessedKeys();
        }
        return remaining;
    }

    @Override
    public Optional<Reservation> findReservation(String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(reservationKey(orderId)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Reservation(orderId, string(item, "saleId"), string(item, "userId"),
                integer(item, "quantity", 1), integer(item, "shard", 0), Instant.parse(string(item, "reservedAt"))));
    }

    private void forgetEmptyShards(String saleId) {
        emptyUntilNanos.keySet().removeIf(shardKey -> shardKey.startsWith("SALE#" + saleId + "#SHARD#"));
    }
}
