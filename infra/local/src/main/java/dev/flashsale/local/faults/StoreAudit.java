package dev.flashsale.local.faults;

import dev.flashsale.local.cloud.RedisCacheServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sale's units counted from the stores themselves (table scans and the cache's keys), not from any API: where
 * every unit is (in stock, held by a reservation or an order being counted, sold), the units nobody can account
 * for, the shoppers counted as buyers without a live order, and the largest item the sale wrote.
 * <p>
 * The authoritative ledger is DynamoDB on both backends: the shard items' {@code stock}, the intent records
 * ({@code ORDER#id}: RESERVED, or CLAIMED while its order is being written) and the orders table, so
 * {@code stock = remaining + held + sold}. On the Redis backend the intents are the order writer's count against
 * DynamoDB's shards, and the cache is checked on its own:
 * {@code stock = cached remaining + cached reservations not yet orders + sold}.
 */
public final class StoreAudit {

    public record Result(long stock, long remaining, long held, long sold, long unaccounted, long cacheRemaining,
                         long cacheHeld, long cacheDrift, long lockedOut, Map<String, Long> orders,
                         long maxItemBytes, String maxItem) {

        public String toJson() {
            StringBuilder statuses = new StringBuilder("{");
            new java.util.TreeMap<>(orders).forEach((status, count) -> statuses.append(statuses.length() > 1 ? "," : "")
                    .append('"').append(status).append("\":").append(count));
            return "{\"stock\":" + stock + ",\"remaining\":" + remaining + ",\"held\":" + held + ",\"sold\":" + sold
                    + ",\"unaccounted\":" + unaccounted + ",\"cacheRemaining\":" + cacheRemaining + ",\"cacheHeld\":"
                    + cacheHeld + ",\"cacheDrift\":" + cacheDrift + ",\"lockedOut\":" + lockedOut + ",\"orders\":"
                    + statuses.append('}') + ",\"maxItemBytes\":" + maxItemBytes + ",\"maxItem\":\"" + maxItem + "\"}";
        }
    }

    private static final Set<String> SOLD = Set.of("CONFIRMED", "PAID");
    /** Statuses of an order that still holds its unit. */
    private static final Set<String> LIVE = Set.of("CONFIRMED", "PAID", "PENDING");

    private final DynamoDbClient dynamo;
    private final String stockTable;
    private final String ordersTable;
    private final java.util.function.Supplier<RedisCacheServer> cache;

    /**
     * @param cache the cache of the Redis backend as it is now (a restarted server is a new one), read as the
     *              runner's administrator (the template's users may not read every key, and the default user may
     *              be off); null on the DynamoDB backend
     */
    public StoreAudit(DynamoDbClient dynamo, String stockTable, String ordersTable,
                      java.util.function.Supplier<RedisCacheServer> cache) {
        this.dynamo = dynamo;
        this.stockTable = stockTable;
        this.ordersTable = ordersTable;
        this.cache = cache;
    }

    private record OrderRow(String userId, long quantity, String status) {
    }

    private record ReservationRow(String orderId, String userId, long quantity, String state) {
    }

    public Result audit(String saleId, long stock) {
        Largest largest = new Largest();
        Map<String, OrderRow> orders = new HashMap<>();
        scan(ordersTable, item -> {
            if (saleId.equals(text(item, "saleId"))) {
                largest.see(item, "order " + text(item, "orderId"));
                orders.put(text(item, "orderId"), new OrderRow(text(item, "userId"), number(item, "quantity", 1),
                        text(item, "status")));
            }
        });
        String prefix = "SALE#" + saleId + "#";
        long[] remaining = {0};
        Map<String, Long> bought = new HashMap<>();
        List<ReservationRow> reservations = new ArrayList<>();
        scan(stockTable, item -> {
            String pk = text(item, "pk");
            if (pk == null) {
                return;
            }
            boolean ofSale = pk.startsWith(prefix) || saleId.equals(text(item, "saleId"));
            if (!ofSale) {
                return;
            }
            if (!pk.startsWith("REPAIR#")) { // the reconciler's audit records are not written on the hot path
                largest.see(item, pk);
            }
            if (pk.startsWith(prefix + "SHARD#")) {
                remaining[0] += number(item, "stock", 0);
            } else if (pk.startsWith(prefix + "BUYER#")) {
                bought.put(pk.substring((prefix + "BUYER#").length()), number(item, "bought", 0));
            } else if (pk.startsWith("ORDER#")) {
                reservations.add(new ReservationRow(pk.substring("ORDER#".length()), text(item, "userId"),
                        number(item, "quantity", 1), text(item, "state")));
            }
        });
        Map<String, Long> statusCounts = new HashMap<>();
        long sold = 0;
        Map<String, Long> liveByUser = new HashMap<>();
        for (OrderRow order : orders.values()) {
            statusCounts.merge(order.status(), 1L, Long::sum);
            if (SOLD.contains(order.status())) {
                sold += order.quantity();
            }
            if (LIVE.contains(order.status())) {
                liveByUser.merge(order.userId(), order.quantity(), Long::sum);
            }
        }
        long held = 0;
        for (ReservationRow reservation : reservations) {
            if (holds(reservation.state(), orders.get(reservation.orderId()))) {
                held += reservation.quantity();
                liveByUser.merge(reservation.userId(), reservation.quantity(), Long::sum);
            }
        }
        if (cache == null) {
            return new Result(stock, remaining[0], held, sold, stock - remaining[0] - held - sold, -1, -1, 0,
                    lockedOut(bought, liveByUser), statusCounts, largest.bytes, largest.key);
        }
        long heldInTable = held;
        long soldInTable = sold;
        Result[] result = new Result[1];
        cache.get().admin(redis -> {
            String keys = "{sale:" + saleId + "}:";
            long cacheRemaining = 0;
            for (String key : redis.keys(keys.replace("{", "\\{").replace("}", "\\}") + "stock:*")) {
                String value = redis.get(key);
                cacheRemaining += value == null ? 0 : Math.max(0, Long.parseLong(value));
            }
            long cacheHeld = 0;
            Map<String, Long> cacheLive = new HashMap<>(liveByUser);
            for (Map.Entry<String, String> entry : redis.hgetall(keys + "reservations").entrySet()) {
                String[] parts = entry.getValue().split("\\|", 5);
                OrderRow order = orders.get(entry.getKey());
                if (parts.length == 5 && holds(parts[0], order)) {
                    cacheHeld += Long.parseLong(parts[1]);
                    cacheLive.merge(parts[4], Long.parseLong(parts[1]), Long::sum);
                }
            }
            Map<String, Long> cacheBuyers = new HashMap<>();
            redis.hgetall(keys + "buyers").forEach((user, units) -> cacheBuyers.put(user, Long.parseLong(units)));
            long lockedOut = lockedOut(bought, liveByUser) + lockedOut(cacheBuyers, cacheLive);
            result[0] = new Result(stock, remaining[0], heldInTable, soldInTable,
                    stock - remaining[0] - heldInTable - soldInTable, cacheRemaining, cacheHeld,
                    stock - cacheRemaining - cacheHeld - soldInTable, lockedOut, statusCounts, largest.bytes,
                    largest.key);
        });
        return result[0];
    }

    /**
     * A reservation (the ledger's intent record, or the cache's entry) holds its unit while RESERVED, and while
     * CLAIMED until its order is written. Records in doubt (a step under way) hold nothing here: once the
     * reconciler has passed, none may be left, and a unit one of them took shows as unaccounted.
     */
    private static boolean holds(String state, OrderRow order) {
        return "RESERVED".equals(state)
                || ("CLAIMED".equals(state) && (order == null || "PENDING".equals(order.status())));
    }

    private static long lockedOut(Map<String, Long> bought, Map<String, Long> live) {
        long lockedOut = 0;
        for (Map.Entry<String, Long> buyer : bought.entrySet()) {
            if (buyer.getValue() > live.getOrDefault(buyer.getKey(), 0L)) {
                lockedOut++;
            }
        }
        return lockedOut;
    }

    private void scan(String table, java.util.function.Consumer<Map<String, AttributeValue>> each) {
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(each);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long number(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Long.parseLong(value.n());
    }

    /** The largest item seen, sized by DynamoDB's rules (names and values in bytes; what writes are billed by). */
    private static final class Largest {
        long bytes;
        String key = "";

        void see(Map<String, AttributeValue> item, String name) {
            long size = size(item);
            if (size > bytes) {
                bytes = size;
                key = name;
            }
        }
    }

    static long size(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + size(attribute.getValue());
        }
        return size;
    }

    private static long size(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return numberSize(value.n());
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
            return 1;
        }
        long size = 0;
        if (value.hasSs()) {
            for (String s : value.ss()) {
                size += utf8(s);
            }
        } else if (value.hasNs()) {
            for (String n : value.ns()) {
                size += numberSize(n);
            }
        } else if (value.hasBs()) {
            for (SdkBytes b : value.bs()) {
                size += b.asByteArray().length;
            }
        } else if (value.hasL()) {
            size = 3;
            for (AttributeValue element : value.l()) {
                size += 1 + size(element);
            }
        } else if (value.hasM()) {
            size = 3;
            for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                size += 1 + utf8(entry.getKey()) + size(entry.getValue());
            }
        }
        return size;
    }

    /** About one byte per two significant digits, plus one. */
    private static long numberSize(String number) {
        String digits = number.replaceAll("[^0-9]", "").replaceAll("^0+", "");
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
