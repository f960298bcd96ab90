package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.DynamoDbBackend;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.purchase.Reservation;
import jakarta.inject.Singleton;

/**
 * The authority when admission reserves on DynamoDB itself: the reservation's conditional writes (buyer count,
 * shard take) already were the authoritative count, so there is nothing left to check.
 */
@Singleton
@DynamoDbBackend
public class StockTakenAtAdmission implements StockAuthority {

    @Override
    public Count confirm(Reservation reservation) {
        return Count.COUNTED;
    }
}
