package dev.flashsale.core.purchase;

import java.time.Instant;
import java.util.Objects;

/**
 * Units taken from a sale's stock for one user, not yet written as an order.
 * It travels on the order queue and is what the order function turns into an order.
 */
public record Reservation(
        String orderId,
        String saleId,
        String userId,
        int quantity,
        int shard,
        Instant reservedAt) {

    public Reservation {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(saleId, "saleId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reservedAt, "reservedAt");
        if (quantity < 1 || shard < 0) {
            throw new IllegalArgumentException("invalid reservation " + orderId);
        }
    }
}
