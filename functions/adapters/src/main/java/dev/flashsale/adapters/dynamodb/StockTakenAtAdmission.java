package dev.flashsale.adapters.dynamodb;

import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.purchase.Reservation;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The authority when admission reserves on DynamoDB itself: the reservation's conditional decrement already was
 * the authoritative count, so there is nothing left to check.
 */
@Singleton
@Requires(property = "flashsale.stock-backend", value = "dynamodb", defaultValue = "dynamodb")
public class StockTakenAtAdmission implements StockAuthority {

    @Override
    public boolean confirm(Reservation reservation) {
        return true;
    }
}
