package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.flashsale.adapters.dynamodb.Items.integer;
import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.s;
import static dev.flashsale.adapters.dynamodb.Items.string;

/**
 * The stock ledger on DynamoDB (backend {@code dynamodb}): admission reserves on the authoritative shards
 * themselves. Besides the shards ({@link DynamoStockShards}) the stock table holds
 * <ul>
 *   <li>{@code SALE#<sale>#BUYER#<user>}: {@code bought} units, guarded by the per-user limit;</li>
 *   <li>{@code ORDER#<orderId>}: the reservation, {@code RESERVED} then {@code CLAIMED} by the order writer.</li>
 * </ul>
 * Every step is one conditional single-item write: the buyer's count is raised first (so a user can never go past
 * the limit), then one shard is decremented with {@code stock >= :q}, then the reservation is recorded. A failed
 * later step undoes the earlier ones; a crash between steps leaves at worst a unit or a buyer count held, never a
 * unit sold twice.
 */
@Singleton
@Requires(property = "flashsale.stock-backend", value = "dynamodb", defaultValue = "dynamodb")
public class DynamoStockLedger implements StockLedger {

    static final String RESERVED = "RESERVED";
    static final String CLAIMED = "CLAIMED";
    public static final String PENDING_INDEX = "pendingBySale";
    static final String PENDING_SALE = "pendingSale";
    private static final Duration RESERVATION_RETENTION = Duration.ofDays(14);

    private final DynamoDbClient dynamo;
    private final DynamoStockShards shards;
    private final String table;

    public DynamoStockLedger(DynamoDbClient dynamo, DynamoStockShards shards, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.shards = shards;
        this.table = settings.getStockTable();
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
        shards.fill(sale, available);
    }

    @Override
    public ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now) {
        if (!countBuyer(sale, userId, quantity)) {
            return new ReservationOutcome.LimitReached();
        }
        int shard = shards.take(sale, quantity);
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

    private void record(Reservation reservation) {
        Map<String, AttributeValue> item = new HashMap<>(key(reservationKey(reservation.orderId())));
        item.put("state", s(RESERVED));
        item.put("saleId", s(reservation.saleId()));
        item.put("userId", s(reservation.userId()));
        item.put("quantity", n(reservation.quantity()));
        item.put("shard", n(reservation.shard()));
        item.put("reservedAt", s(reservation.reservedAt().toString()));
        item.put("expiresAt", n(reservation.reservedAt().plus(RESERVATION_RETENTION).getEpochSecond()));
        // Only while RESERVED: the sparse index the reconciler reads holds exactly the unclaimed reservations.
        item.put(PENDING_SALE, s(reservation.saleId()));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    private void putBack(Reservation reservation) {
        shards.putBack(reservation.saleId(), reservation.shard(), reservation.quantity());
        uncountBuyer(reservation.saleId(), reservation.userId(), reservation.quantity());
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
                    .updateExpression("SET #state = :claimed REMOVE " + PENDING_SALE)
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
        return shards.remaining(sale);
    }

    @Override
    public List<Reservation> staleReservations(Sale sale, Instant cutoff) {
        List<Reservation> stale = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .indexName(PENDING_INDEX)
                        .keyConditionExpression(PENDING_SALE + " = :sale AND reservedAt < :cutoff")
                        .expressionAttributeValues(Map.of(":sale", s(sale.id()), ":cutoff", s(cutoff.toString()))))
                .items()
                .forEach(item -> stale.add(toReservation(item)));
        return stale;
    }

    private static Reservation toReservation(Map<String, AttributeValue> item) {
        String orderId = string(item, "pk").substring("ORDER#".length());
        return new Reservation(orderId, string(item, "saleId"), string(item, "userId"), integer(item, "quantity", 1),
                integer(item, "shard", 0), Instant.parse(string(item, "reservedAt")));
    }

    @Override
    public Optional<Reservation> findReservation(String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(reservationKey(orderId)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toReservation(item));
    }
}
