package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.RedisBackend;
import dev.flashsale.adapters.snapstart.RestorableRandom;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.ShardPlan;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stock ledger on Redis / Valkey (backend {@code redis}): one Lua script takes the whole admission decision
 * in one round trip (window, per-user limit, stock, decrement, reservation record), at well over 100,000
 * decisions a second per shard. DynamoDB stays the authoritative ledger: the order writer counts every order
 * against it ({@link dev.flashsale.core.ledger.CountingAuthority}). What only a cache has (a restore after a loss,
 * the copy check) is {@link RedisStockCache}, driven by the core's {@link dev.flashsale.core.cache.CacheRecovery}.
 */
@Singleton
@RedisBackend
public class RedisStockLedger implements StockLedger {

    private static final LuaScript RESERVE = new LuaScript("/redis/reserve.lua");
    private static final LuaScript RELEASE = new LuaScript("/redis/release.lua");
    private static final LuaScript CLAIM = new LuaScript("/redis/claim.lua");
    private static final LuaScript QUEUED = new LuaScript("/redis/queued.lua");
    private static final LuaScript REPLACE = new LuaScript("/redis/replace.lua");
    /** A sale's keys outlive its end by this much, then Redis drops them. */
    private static final Duration KEEP_AFTER_END = Duration.ofDays(7);
    private static final Duration RESERVATION_INDEX_TTL = Duration.ofDays(7);
    static final String RESTORED_AT = "restoredAt";
    static final String DRAINED_AT = "drainedAt";

    private final RedisClusterCommands<String, String> redis;
    private final RestorableRandom random;

    public RedisStockLedger(RedisConnection connection, RestorableRandom random) {
        this.random = random;
        this.redis = connection.commands();
    }

    /** The cache only: the authority is filled by the core ({@link dev.flashsale.core.cache.CachedStockLedger}). */
    @Override
    public void open(Sale sale, int available) {
        SaleKeys keys = new SaleKeys(sale.id());
        writeMeta(redis, sale, keys);
        redis.hdel(keys.meta(), RESTORED_AT, DRAINED_AT); // a load is the operator's word: open at once
        for (int shard = 0; shard < ShardPlan.MAX_SHARDS; shard++) {
            if (shard < sale.shards()) {
                redis.set(keys.stock(shard), Integer.toString(ShardPlan.unitsInShard(available, sale.shards(), shard)));
            } else {
                redis.del(keys.stock(shard));
            }
        }
        expireWithSale(redis, sale, keys);
    }

    /**
     * A live sale's new definition on the copy: the change in stock is added to what the shards hold now, in one
     * script (issue 20, F7), never a value read earlier and set, which would undo the reservations made in between.
     * A copy that lost the sale is left to its restore, which reads the authority (changed already).
     */
    @Override
    public void replace(Sale old, Sale sale) {
        SaleKeys keys = new SaleKeys(sale.id());
        List<String> scriptKeys = new ArrayList<>(List.of(keys.meta()));
        scriptKeys.addAll(keys.stocks(Math.max(old.shards(), sale.shards())));
        Long offered = REPLACE.run(redis, ScriptOutputType.INTEGER, scriptKeys.toArray(String[]::new),
                Integer.toString(old.stock()), Integer.toString(sale.stock()), Integer.toString(sale.shards()),
                Long.toString(sale.startsAt().toEpochMilli()), Long.toString(sale.endsAt().toEpochMilli()),
                Integer.toString(sale.perUserLimit()));
        if (offered != null && offered >= 0) {
            expireWithSale(redis, sale, keys); // the new shards' keys, and the sale's new end
        }
    }

    /** The definition, with the stock the copy was given (the base of a replacement's delta). */
    static void writeMeta(RedisClusterCommands<String, String> redis, Sale sale, SaleKeys keys) {
        redis.hset(keys.meta(), Map.of(
                "stock", Integer.toString(sale.stock()),
                "startsAt", Long.toString(sale.startsAt().toEpochMilli()),
                "endsAt", Long.toString(sale.endsAt().toEpochMilli()),
                "limit", Integer.toString(sale.perUserLimit()),
                "shards", Integer.toString(sale.shards())));
    }

    static void expireWithSale(RedisClusterCommands<String, String> redis, Sale sale, SaleKeys keys) {
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
        if (entry.startsWith("RESERVED|") || entry.startsWith("QUEUED|")) {
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

    /**
     * A stale reservation's message may still wait in the queue (a backlog, the event source disabled): the
     * reconciler sends it again instead of releasing it (issue 20, F10), as on DynamoDB.
     */
    @Override
    public boolean keepsSends() {
        return true;
    }

    @Override
    public boolean markQueued(Reservation reservation, Instant at) {
        Long queued = QUEUED.run(redis, ScriptOutputType.INTEGER,
                new String[]{new SaleKeys(reservation.saleId()).reservations()}, reservation.orderId(),
                Long.toString(at.toEpochMilli()));
        return queued != null && queued == 1L;
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
            if (entry.startsWith("RESERVED|") || entry.startsWith("QUEUED|")) {
                Reservation reservation = parse(sale.id(), orderId, entry); // QUEUED: at its last send
                if (reservation.reservedAt().isBefore(cutoff)) {
                    stale.add(reservation);
                }
            }
        });
        return stale;
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

    /**
     * STATE|quantity|shard|reservedAtMillis|userId (the user id last: it may contain '|'); a QUEUED entry's time is
     * its last send, as a QUEUED intent's on DynamoDB.
     */
    static Reservation parse(String saleId, String orderId, String entry) {
        String[] parts = entry.split("\\|", 5);
        return new Reservation(orderId, saleId, parts[4], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                Instant.ofEpochMilli(Long.parseLong(parts[3])));
    }
}
