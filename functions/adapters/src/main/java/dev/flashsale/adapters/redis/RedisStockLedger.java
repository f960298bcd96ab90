package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.RedisBackend;
import dev.flashsale.adapters.dynamodb.DynamoStockShards;
import dev.flashsale.adapters.snapstart.RestorableRandom;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.reconcile.SoldUnits;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.ShardPlan;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stock ledger on Redis / Valkey (backend {@code redis}): one Lua script takes the whole admission decision
 * in one round trip (window, per-user limit, stock, decrement, reservation record), at well over 100,000
 * decisions a second per shard. DynamoDB stays the authoritative ledger: the order writer counts every order
 * against it ({@link dev.flashsale.core.ledger.CountingAuthority}), and {@link #rebuild(Sale)} restores a sale
 * from it after a cache loss.
 */
@Singleton
@RedisBackend
public class RedisStockLedger implements StockLedger {

    private static final LuaScript RESERVE = new LuaScript("/redis/reserve.lua");
    private static final LuaScript RELEASE = new LuaScript("/redis/release.lua");
    private static final LuaScript CLAIM = new LuaScript("/redis/claim.lua");
    private static final LuaScript UNHOLD = new LuaScript("/redis/unhold.lua");
    /** A sale's keys outlive its end by this much, then Redis drops them. */
    private static final Duration KEEP_AFTER_END = Duration.ofDays(7);
    private static final Duration RESERVATION_INDEX_TTL = Duration.ofDays(7);
    /** How long one rebuild keeps others off; a rebuild that died leaves the sale to the next caller after it. */
    private static final long REBUILD_GUARD_MILLIS = 30_000;
    /**
     * A restored sale stays closed at least this long: an admission that reserved on the lost copy may still be
     * sending its order (the admission function's timeout, 10 s, bounds it).
     */
    private static final long RESTORE_CLOSED_MILLIS = 12_000;
    /** The queue must read empty twice this far apart: SQS's counts may trail a send by a little. */
    private static final long QUEUE_QUIET_MILLIS = 5_000;
    /** At most one look at the queue per sale and interval, however many containers are refused. */
    private static final long QUEUE_CHECK_MILLIS = 1_000;
    private static final String RESTORED_AT = "restoredAt";
    private static final String DRAINED_AT = "drainedAt";

    private final RedisClusterCommands<String, String> redis;
    private final DynamoStockShards authority;
    private final LedgerItems authorityItems;
    private final OrderStore orders;
    private final RestorableRandom random;
    private final Clock clock;

    public RedisStockLedger(RedisConnection connection, DynamoStockShards authority, LedgerItems authorityItems,
                            OrderStore orders, RestorableRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
        this.redis = connection.commands();
        this.authority = authority;
        this.authorityItems = authorityItems;
        this.orders = orders;
    }

    @Override
    public void open(Sale sale, int available) {
        authority.fill(sale, authoritativeAvailable(sale));
        SaleKeys keys = new SaleKeys(sale.id());
        writeMeta(sale, keys);
        redis.hdel(keys.meta(), RESTORED_AT, DRAINED_AT); // a load is the operator's word: open at once
        for (int shard = 0; shard < ShardPlan.MAX_SHARDS; shard++) {
            if (shard < sale.shards()) {
                redis.set(keys.stock(shard), Integer.toString(ShardPlan.unitsInShard(available, sale.shards(), shard)));
            } else {
                redis.del(keys.stock(shard));
            }
        }
        expireWithSale(sale, keys);
    }

    /** The sale's stock less every unit the authority has counted or may have (a count under way). */
    private int authoritativeAvailable(Sale sale) {
        long counted = 0;
        java.util.Set<String> sold = new java.util.HashSet<>();
        for (Order order : orders.listBySale(sale.id())) {
            if (SoldUnits.keepsUnits(order)) {
                counted += order.quantity();
                sold.add(order.orderId());
            }
        }
        for (Intent intent : authorityItems.pendingIntents(sale.id())) {
            if (intent.state().ownership() != IntentState.Ownership.NO && !sold.contains(intent.orderId())) {
                counted += intent.quantity();
            }
        }
        return (int) Math.max(0, sale.stock() - counted);
    }

    private void writeMeta(Sale sale, SaleKeys keys) {
        redis.hset(keys.meta(), Map.of(
                "startsAt", Long.toString(sale.startsAt().toEpochMilli()),
                "endsAt", Long.toString(sale.endsAt().toEpochMilli()),
                "limit", Integer.toString(sale.perUserLimit()),
                "shards", Integer.toString(sale.shards())));
    }

    private void expireWithSale(Sale sale, SaleKeys keys) {
        Instant until = sale.endsAt().plus(KEEP_AFTER_END);
        redis.expireat(keys.meta(), until);
        redis.expireat(keys.buyers(), until);
        redis.expireat(keys.reservations(), until);
        keys.stocks(sale.shards()).forEach(key -> redis.expireat(key, until));
    }

    @Override
    public ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now) {
        SaleKeys keys = new SaleKeys(sale.id());
        String answer = RESERVE.run(redis, ScriptOutputType.VALUE, keys.forReserve(orderId, sale.shards()),
                userId, Integer.toString(quantity), orderId, Long.toString(now.toEpochMilli()),
                Integer.toString(random.nextInt(sale.shards())));
        if (answer.startsWith("EXISTS|")) {
            return repeated(sale.id(), orderId, answer.substring("EXISTS|".length()));
        }
        if (answer.startsWith("RESERVED|")) {
            int shard = Integer.parseInt(answer.substring("RESERVED|".length()));
            // Outside the sale's slot, so not in the script: lets an order id alone find its pending reservation.
            redis.setex(orderIndex(orderId), RESERVATION_INDEX_TTL.toSeconds(), sale.id());
            return new ReservationOutcome.Reserved(new Reservation(orderId, sale.id(), userId, quantity, shard, now));
        }
        switch (answer) {
            case "SOLD_OUT":
                return new ReservationOutcome.SoldOut();
            case "LIMIT":
                return new ReservationOutcome.LimitReached();
            case "NOT_OPEN":
                return new ReservationOutcome.NotOpen();
            case "UNKNOWN_SALE":
                return new ReservationOutcome.UnknownSale();
            case "RESTORING":
                return new ReservationOutcome.Restoring();
            default:
                throw new IllegalStateException("unexpected reserve answer " + answer);
        }
    }

    /** A retried request whose reservation is still on record: its state is the answer. */
    private static ReservationOutcome repeated(String saleId, String orderId, String entry) {
        if (entry.startsWith("RESERVED|")) {
            return new ReservationOutcome.Reserved(parse(saleId, orderId, entry)); // queued again: idempotent
        }
        if (entry.startsWith("RELEASED|")) {
            return new ReservationOutcome.Ended(orderId);
        }
        return new ReservationOutcome.Pending(orderId);
    }

    /** A cache: a restart empties it (the authority in DynamoDB keeps only what orders have counted). */
    @Override
    public boolean isDurable() {
        return false;
    }

    @Override
    public boolean release(Reservation reservation) {
        SaleKeys keys = new SaleKeys(reservation.saleId());
        String rest = reservation.quantity() + "|" + reservation.shard() + "|"
                + reservation.reservedAt().toEpochMilli() + "|" + reservation.userId();
        Long released = RELEASE.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.reservations(), keys.buyers(), keys.stock(reservation.shard())},
                reservation.orderId(), rest);
        // 2: the cache lost the reservation (restarted empty): nothing is held, so it is as good as released.
        return released != null && (released == 1L || released == 2L);
    }

    @Override
    public boolean claim(Reservation reservation) {
        Long claimed = CLAIM.run(redis, ScriptOutputType.INTEGER,
                new String[]{new SaleKeys(reservation.saleId()).reservations()}, reservation.orderId());
        return claimed != null && claimed == 1L;
    }

    @Override
    public void dropRefusedHold(Reservation reservation) {
        SaleKeys keys = new SaleKeys(reservation.saleId());
        UNHOLD.run(redis, ScriptOutputType.INTEGER, new String[]{keys.buyers(), keys.reservations()},
                reservation.orderId(), reservation.userId(), Integer.toString(reservation.quantity()));
    }

    @Override
    public long remaining(Sale sale) {
        long remaining = 0;
        for (var value : redis.mget(new SaleKeys(sale.id()).stocks(sale.shards()).toArray(String[]::new))) {
            if (value.hasValue()) {
                remaining += Math.max(0, Long.parseLong(value.getValue()));
            }
        }
        return remaining;
    }

    private static String orderIndex(String orderId) {
        return "order:" + orderId;
    }

    @Override
    public Optional<Reservation> findReservation(String orderId) {
        String saleId = redis.get(orderIndex(orderId));
        if (saleId == null) {
            return Optional.empty();
        }
        String entry = redis.hget(new SaleKeys(saleId).reservations(), orderId);
        if (entry == null || entry.startsWith("RELEASED|")) {
            return Optional.empty();
        }
        return Optional.of(parse(saleId, orderId, entry));
    }

    @Override
    public List<Reservation> staleReservations(Sale sale, Instant cutoff) {
        List<Reservation> stale = new java.util.ArrayList<>();
        redis.hgetall(new SaleKeys(sale.id()).reservations()).forEach((orderId, entry) -> {
            if (entry.startsWith("RESERVED|")) {
                Reservation reservation = parse(sale.id(), orderId, entry);
                if (reservation.reservedAt().isBefore(cutoff)) {
                    stale.add(reservation);
                }
            }
        });
        return stale;
    }

    @Override
    public List<Reservation> staleClaims(Sale sale, Instant cutoff) {
        List<Reservation> claims = new java.util.ArrayList<>();
        redis.hgetall(new SaleKeys(sale.id()).reservations()).forEach((orderId, entry) -> {
            if (entry.startsWith("CLAIMED|")) {
                Reservation reservation = parse(sale.id(), orderId, entry);
                if (reservation.reservedAt().isBefore(cutoff)) {
                    claims.add(reservation);
                }
            }
        });
        return claims;
    }

    @Override
    public Optional<dev.flashsale.core.reconcile.CopyAccount> copyAccount(Sale sale) {
        long reserved = redis.hvals(new SaleKeys(sale.id()).reservations()).stream()
                .filter(entry -> entry.startsWith("RESERVED|")).count();
        return Optional.of(new dev.flashsale.core.reconcile.CopyAccount(remaining(sale), reserved));
    }

    @Override
    public void topUp(Sale sale, int units) {
        redis.incrby(new SaleKeys(sale.id()).stock(0), units);
    }

    @Override
    public Optional<Reservation> findEnded(String orderId) {
        String saleId = redis.get(orderIndex(orderId));
        if (saleId == null) {
            return Optional.empty();
        }
        String entry = redis.hget(new SaleKeys(saleId).reservations(), orderId);
        return entry != null && entry.startsWith("RELEASED|")
                ? Optional.of(parse(saleId, orderId, entry)) : Optional.empty();
    }

    /** STATE|quantity|shard|reservedAtMillis|userId (the user id last: it may contain '|'). */
    private static Reservation parse(String saleId, String orderId, String entry) {
        String[] parts = entry.split("\\|", 5);
        return new Reservation(orderId, saleId, parts[4], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                Instant.ofEpochMilli(Long.parseLong(parts[3])));
    }

    /**
     * After a cache loss: each Redis shard gets DynamoDB's remaining units for it, and the buyers their confirmed
     * units. Open at once: the caller (an operator's stock sync) vouches that no order is still under way.
     */
    @Override
    public boolean rebuild(Sale sale) {
        return rebuild(sale, null);
    }

    /**
     * With {@code restoredAt}, the sale is left closed ({@code RESTORING}): orders admitted against the lost copy
     * may still be in the queue, not yet counted by DynamoDB, and their units must not be offered again.
     */
    private boolean rebuild(Sale sale, Instant restoredAt) {
        SaleKeys keys = new SaleKeys(sale.id());
        int[] remaining = withoutCountsInDoubt(sale, authority.remainingByShard(sale));
        Map<String, Integer> unitsByBuyer = new HashMap<>();
        List<Order> saleOrders = orders.listBySale(sale.id());
        for (Order order : saleOrders) {
            if (SoldUnits.keepsUnits(order)) {
                unitsByBuyer.merge(order.userId(), order.quantity(), Integer::sum);
            }
        }
        redis.del(keys.buyers(), keys.reservations());
        for (int shard = 0; shard < sale.shards(); shard++) {
            redis.set(keys.stock(shard), Integer.toString(remaining[shard]));
        }
        if (!unitsByBuyer.isEmpty()) {
            Map<String, String> buyers = new HashMap<>();
            unitsByBuyer.forEach((user, units) -> buyers.put(user, Integer.toString(units)));
            redis.hset(keys.buyers(), buyers);
        }
        // The meta last: until the sale is whole, purchases find it missing (or still restoring) rather than open.
        if (restoredAt != null) {
            redis.hset(keys.meta(), RESTORED_AT, Long.toString(restoredAt.toEpochMilli()));
        }
        writeMeta(sale, keys);
        if (restoredAt == null) {
            redis.hdel(keys.meta(), RESTORED_AT, DRAINED_AT);
        }
        expireWithSale(sale, keys);
        return true;
    }

    /**
     * Less the units of counts still TAKING (under way, or died half way and left for the reconciler to count
     * again): whether their take landed is unknown, and offering their units again would turn one of those
     * admitted orders, or a later one, into a rejection. When a take had landed, the copy offers one unit too few
     * until the reconciler's copy check gives it back.
     */
    private int[] withoutCountsInDoubt(Sale sale, int[] remaining) {
        int inDoubt = authorityItems.pendingIntents(sale.id()).stream()
                .filter(intent -> intent.state() == IntentState.TAKING).mapToInt(Intent::quantity).sum();
        for (int shard = 0; shard < remaining.length && inDoubt > 0; shard++) {
            int held = Math.min(inDoubt, remaining[shard]);
            remaining[shard] -= held;
            inDoubt -= held;
        }
        return remaining;
    }

    @Override
    public boolean restoreLost(Sale sale) {
        SaleKeys keys = new SaleKeys(sale.id());
        if (redis.exists(keys.meta()) > 0) {
            return false;
        }
        if (!"OK".equals(redis.set(keys.rebuilding(), "1", SetArgs.Builder.nx().px(REBUILD_GUARD_MILLIS)))) {
            return false; // another container is rebuilding it, or just did
        }
        // Checked again under the guard: a rebuild that finished just before must not be undone.
        return redis.exists(keys.meta()) == 0 && rebuild(sale, clock.instant());
    }

    /**
     * Reopens once the order queue has read empty twice, {@link #QUEUE_QUIET_MILLIS} apart, the first time no
     * sooner than {@link #RESTORE_CLOSED_MILLIS} after the restore: then every order admitted before the loss is
     * written, and the rebuild that reopens the sale reads them all from DynamoDB.
     */
    @Override
    public boolean reopenRestored(Sale sale, OrderQueue queue) {
        SaleKeys keys = new SaleKeys(sale.id());
        List<String> marks = redis.hmget(keys.meta(), RESTORED_AT, DRAINED_AT).stream()
                .map(value -> value.getValueOrElse(null)).toList();
        long now = clock.millis();
        if (marks.get(0) == null || now < Long.parseLong(marks.get(0)) + RESTORE_CLOSED_MILLIS
                || !"OK".equals(redis.set(keys.queueCheck(), "1", SetArgs.Builder.nx().px(QUEUE_CHECK_MILLIS)))) {
            return false;
        }
        if (!queue.isEmpty()) {
            redis.hdel(keys.meta(), DRAINED_AT);
            return false;
        }
        if (marks.get(1) == null) {
            redis.hset(keys.meta(), DRAINED_AT, Long.toString(now));
            return false;
        }
        if (now < Long.parseLong(marks.get(1)) + QUEUE_QUIET_MILLIS
                || !"OK".equals(redis.set(keys.reopening(), "1", SetArgs.Builder.nx().px(REBUILD_GUARD_MILLIS)))) {
            return false;
        }
        // Checked again under the guard: a second rebuild after the reopen would wipe the new reservations.
        return redis.hexists(keys.meta(), RESTORED_AT) && rebuild(sale, null);
    }
}
