package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.RedisBackend;
import dev.flashsale.adapters.dynamodb.ShardRestock;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.sale.Sale;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

/**
 * Backend {@code redis}: the units go back to DynamoDB's authoritative shard first, then to the Redis copy that
 * admission reads, and the buyer's count in Redis goes down; each step once per order id.
 */
@Singleton
@RedisBackend
public class RedisUnitReturns implements UnitReturns {

    private static final LuaScript RESTOCK = new LuaScript("/redis/restock.lua");

    private final RedisClusterCommands<String, String> redis;
    private final ShardRestock authority;

    public RedisUnitReturns(RedisConnection connection, ShardRestock authority) {
        this.redis = connection.commands();
        this.authority = authority;
    }

    @Override
    public void giveBack(Sale sale, Order order) {
        authority.toShard(sale, order);
        SaleKeys keys = new SaleKeys(sale.id());
        RESTOCK.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.meta(), keys.restocked(), keys.stock(ShardRestock.shardOf(sale, order)), keys.buyers()},
                order.orderId(), Integer.toString(order.quantity()), order.userId());
    }

    @Override
    public void settle(Sale sale, Order order) {
        authority.forget(sale, order);
        redis.srem(new SaleKeys(sale.id()).restocked(), order.orderId());
    }
}
