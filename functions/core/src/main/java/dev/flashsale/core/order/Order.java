package dev.flashsale.core.order;

import dev.flashsale.core.purchase.Reservation;

import java.time.Instant;
import java.util.Objects;

/**
 * An order as a shopper sees it. {@code reason} says why a rejected order was rejected; null otherwise.
 * {@code payBy} is the payment deadline of an order confirmed in a sale with a payment window; null otherwise.
 */
public record Order(
        String orderId,
        String saleId,
        String userId,
        int quantity,
        OrderStatus status,
        Instant createdAt,
        RejectionReason reason,
        Instant payBy) {

    public Order(String orderId, String saleId, String userId, int quantity, OrderStatus status, Instant createdAt,
                 RejectionReason reason) {
        this(orderId, saleId, userId, quantity, status, createdAt, reason, null);
    }

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

    public static Order rejected(Reservation reservation, RejectionReason reason) {
        return new Order(reservation.orderId(), reservation.saleId(), reservation.userId(), reservation.quantity(),
                OrderStatus.REJECTED, reservation.reservedAt(), reason);
    }

    /** This order waiting for payment until {@code deadline}. */
    public Order payableUntil(Instant deadline) {
        return new Order(orderId, saleId, userId, quantity, status, createdAt, reason, deadline);
    }

    public Order withStatus(OrderStatus newStatus) {
        return new Order(orderId, saleId, userId, quantity, newStatus, createdAt, reason, payBy);
    }

    /** Confirmed in a sale with a payment window, and not yet paid. */
    public boolean awaitsPayment() {
        return status == OrderStatus.CONFIRMED && payBy != null;
    }
}
