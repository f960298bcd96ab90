package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.DynamoDbBackend;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.sale.Sale;
import jakarta.inject.Singleton;

/** Backend {@code dynamodb}: the units go back to a DynamoDB shard and the buyer item's count goes down. */
@Singleton
@DynamoDbBackend
public class DynamoUnitReturns implements UnitReturns {

    private final ShardRestock restock;

    public DynamoUnitReturns(ShardRestock restock) {
        this.restock = restock;
    }

    @Override
    public void giveBack(Sale sale, Order order) {
        restock.toShard(sale, order);
        restock.fromBuyer(sale, order);
    }

    @Override
    public void settle(Sale sale, Order order) {
        restock.forget(sale, order);
    }
}
