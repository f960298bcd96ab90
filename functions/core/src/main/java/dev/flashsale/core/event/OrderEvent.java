package dev.flashsale.core.event;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.RejectionReason;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of an order's status, as the shop behind the sale receives it. {@code eventId} is the same on every
 * delivery of the same change (order id and status: an order reaches each status once), so consumers
 * deduplicate on it. {@code at} is the time of the change as the order records it: the order's time for
 * {@code CONFIRMED} and {@code REJECTED}, the payment's for {@code PAID}, the expiry's for {@code EXPIRED}.
 * {@code variant} is null while sales have one stock.
 */
public record OrderEvent(String eventId, String orderId, String saleId, String variant, String shopper,
                         int quantity, OrderStatus status, RejectionReason reason, Instant at) {

    public OrderEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(saleId, "saleId");
        Objects.requireNonNull(shopper, "shopper");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }

    /** The event of {@code order} reaching {@code status} at {@code at}. */
    public static OrderEvent of(Order order, OrderStatus status, Instant at) {
        return new OrderEvent(idOf(order.orderId(), status), order.orderId(), order.saleId(), null, order.userId(),
                order.quantity(), status, status == OrderStatus.REJECTED ? order.reason() : null, at);
    }

    public static String idOf(String orderId, OrderStatus status) {
        return orderId + ":" + status.name();
    }

    /** The statuses a shop hears of: every status an order is written with. */
    public static boolean announced(OrderStatus status) {
        return status != OrderStatus.PENDING;
    }
}
