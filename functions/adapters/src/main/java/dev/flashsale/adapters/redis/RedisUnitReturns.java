package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.config.RedisBackend;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.sale.Sale;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

/**
 * Backend {@code redis}: an expired order's units go to the Redis copy that admission reads, and the buyer's count
 * in Redis goes down, once per order id (the script's {@code restocked} set). The authoritative stock in DynamoDB
 * has them back already, through the order's intent (the core's {@code GiveBack}).
 */
@Singleton
@RedisBackend
public class RedisUnitReturns implements UnitReturns {

    private static final LuaScript RESTOCK = new LuaScript("/redis/restock.lua");

    private final RedisClusterCommands<String, String> redis;

    public RedisUnitReturns(RedisConnection connection) {
        this.redis = connection.commands();
    }

    /** The copy's shard an order's units go back to: any will do, stock is fungible; a fixed one keeps it once. */
    static int shardOf(Sale sale, Order order) {
        return Math.floorMod(order.orderId().hashCode(), sale.shards());
    }

    @Override
    public void giveBack(Sale sale, Order order) {
        SaleKeys keys = new SaleKeys(sale.id());
        RESTOCK.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.meta(), keys.restocked(), keys.stock(shardOf(sale, order)), keys.buyers()},
                order.orderId(), Integer.toString(order.quantity()), order.userId());
    }

    @Override
    public void settle(Sale sale, Order order) {
        redis.srem(new SaleKeys(sale.id()).restocked(), order.orderId());
    }
}
