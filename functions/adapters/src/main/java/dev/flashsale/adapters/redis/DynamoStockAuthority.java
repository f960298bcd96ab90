package dev.flashsale.adapters.redis;

import dev.flashsale.adapters.dynamodb.DynamoStockShards;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.purchase.Reservation;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * With admission on Redis, DynamoDB is the last word, as the classic
 * {@code update ... set stock = stock - 1 where id = ? and stock > 0}: each order is counted against the
 * DynamoDB shards once, and an order Redis admitted beyond the stock is refused here.
 */
@Singleton
@Requires(property = "flashsale.stock-backend", value = "redis")
public class DynamoStockAuthority implements StockAuthority {

    private final DynamoStockShards shards;
    private final SaleCatalog catalog;

    public DynamoStockAuthority(DynamoStockShards shards, SaleCatalog catalog) {
        this.shards = shards;
        this.catalog = catalog;
    }

    @Override
    public boolean confirm(Reservation reservation) {
        int saleShards = catalog.find(reservation.saleId()).map(sale -> sale.shards()).orElse(reservation.shard() + 1);
        return shards.countOnce(reservation, Math.max(saleShards, reservation.shard() + 1));
    }
}
