package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.RedisBackend;
import dev.flashsale.core.port.StockCache;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.reconcile.CopyAccount;
import dev.flashsale.core.sale.Sale;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis stock ledger's keys seen as a cache (backend {@code redis}): loaded, held closed while restored, its
 * guards, claims and figures. The rules that drive it are the core's ({@link dev.flashsale.core.cache.CacheRecovery}).
 */
@Singleton
@RedisBackend
public class RedisStockCache implements StockCache {

    private static final LuaScript UNHOLD = new LuaScript("/redis/unhold.lua");
    private static final LuaScript RETURN_CLAIM = new LuaScript("/redis/return-claim.lua");

    private final RedisClusterCommands<String, String> redis;

    public RedisStockCache(RedisConnection connection) {
        this.redis = connection.commands();
    }

    @Override
    public boolean holds(Sale sale) {
        return redis.exists(new SaleKeys(sale.id()).meta()) > 0;
    }

    @Override
    public boolean takeGuard(Sale sale, Guard guard, Duration hold) {
        SaleKeys keys = new SaleKeys(sale.id());
        String key = switch (guard) {
            case RESTORE -> keys.rebuilding();
            case QUEUE_CHECK -> keys.queueCheck();
            case REOPEN -> keys.reopening();
        };
        return "OK".equals(redis.set(key, "1", SetArgs.Builder.nx().px(hold.toMillis())));
    }

    @Override
    public RestoreMarks marks(Sale sale) {
        List<Optional<Instant>> marks = redis.hmget(new SaleKeys(sale.id()).meta(),
                        RedisStockLedger.RESTORED_AT, RedisStockLedger.DRAINED_AT).stream()
                .map(value -> Optional.ofNullable(value.getValueOrElse(null))
                        .map(millis -> Instant.ofEpochMilli(Long.parseLong(millis))))
                .toList();
        return new RestoreMarks(marks.get(0), marks.get(1));
    }

    @Override
    public void markDrained(Sale sale, Instant at) {
        redis.hset(new SaleKeys(sale.id()).meta(), RedisStockLedger.DRAINED_AT, Long.toString(at.toEpochMilli()));
    }

    @Override
    public void clearDrained(Sale sale) {
        redis.hdel(new SaleKeys(sale.id()).meta(), RedisStockLedger.DRAINED_AT);
    }

    @Override
    public void load(Sale sale, int[] unitsByShard, Map<String, Integer> unitsByBuyer, Optional<Instant> closedSince) {
        SaleKeys keys = new SaleKeys(sale.id());
        redis.del(keys.buyers(), keys.reservations());
        for (int shard = 0; shard < sale.shards(); shard++) {
            redis.set(keys.stock(shard), Integer.toString(unitsByShard[shard]));
        }
        if (!unitsByBuyer.isEmpty()) {
            Map<String, String> buyers = new HashMap<>();
            unitsByBuyer.forEach((user, units) -> buyers.put(user, Integer.toString(units)));
            redis.hset(keys.buyers(), buyers);
        }
        // The meta last: until the sale is whole, purchases find it missing (or still restoring) rather than open.
        closedSince.ifPresent(at -> redis.hset(keys.meta(), RedisStockLedger.RESTORED_AT,
                Long.toString(at.toEpochMilli())));
        RedisStockLedger.writeMeta(redis, sale, keys);
        if (closedSince.isEmpty()) {
            redis.hdel(keys.meta(), RedisStockLedger.RESTORED_AT, RedisStockLedger.DRAINED_AT);
        }
        RedisStockLedger.expireWithSale(redis, sale, keys);
    }

    @Override
    public void dropHold(Reservation reservation) {
        SaleKeys keys = new SaleKeys(reservation.saleId());
        UNHOLD.run(redis, ScriptOutputType.INTEGER, new String[]{keys.buyers(), keys.reservations()},
                reservation.orderId(), reservation.userId(), Integer.toString(reservation.quantity()));
    }

    @Override
    public void returnClaim(Reservation reservation) {
        SaleKeys keys = new SaleKeys(reservation.saleId());
        RETURN_CLAIM.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.buyers(), keys.reservations(), keys.stock(reservation.shard())},
                reservation.orderId(), reservation.userId(), Integer.toString(reservation.quantity()));
    }

    @Override
    public List<Reservation> claimedBefore(Sale sale, Instant cutoff) {
        List<Reservation> claims = new ArrayList<>();
        redis.hgetall(new SaleKeys(sale.id()).reservations()).forEach((orderId, entry) -> {
            if (entry.startsWith("CLAIMED|")) {
                Reservation reservation = RedisStockLedger.parse(sale.id(), orderId, entry);
                if (reservation.reservedAt().isBefore(cutoff)) {
                    claims.add(reservation);
                }
            }
        });
        return claims;
    }

    @Override
    public CopyAccount account(Sale sale) {
        long reserved = redis.hvals(new SaleKeys(sale.id()).reservations()).stream()
                .filter(entry -> entry.startsWith("RESERVED|") || entry.startsWith("QUEUED|")).count();
        return new CopyAccount(remaining(sale), reserved);
    }

    private long remaining(Sale sale) {
        long remaining = 0;
        for (var value : redis.mget(new SaleKeys(sale.id()).stocks(sale.shards()).toArray(String[]::new))) {
            if (value.hasValue()) {
                remaining += Math.max(0, Long.parseLong(value.getValue()));
            }
        }
        return remaining;
    }

    @Override
    public void topUp(Sale sale, int units) {
        redis.incrby(new SaleKeys(sale.id()).stock(0), units);
    }
}
