package dev.flashsale.core.order;

import dev.flashsale.core.purchase.Reservation;

import java.time.Instant;
import java.util.Objects;

/** An order as a shopper sees it. {@code reason} says why a rejected order was rejected; null otherwise. */
public record Order(
        String orderId,
        String saleId,
        String userId,
        int quantity,
        OrderStatus status,
        Instant createdAt,
        String reason) {

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(saleId, "saleId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static Order pending(Reservation reservation) {
        return new Order(reservation.orderId(), reservation.saleId(), reservation.userId(), reservation.quantity(),
                OrderStatus.PENDING, reservation.reservedAt(), null);
    }

    public static Order confirmed(Reservation reservation) {
        return new Order(reservation.orderId(), reservation.saleId(), reservation.userId(), reservation.quantity(),
                OrderStatus.CONFIRMED, reservation.reservedAt(), null);
    }

    public static Order rejected(Reservation reservation, String reason) {
        return new Order(reservation.orderId(), reservation.saleId(), reservation.userId(), reservation.quantity(),
                OrderStatus.REJECTED, reservation.reservedAt(), reason);
    }
}
