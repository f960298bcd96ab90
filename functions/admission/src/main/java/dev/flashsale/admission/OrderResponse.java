package dev.flashsale.admission;

import dev.flashsale.core.order.Order;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /api/orders/{orderId}}; {@code reason} only on rejected orders, {@code payBy} only with a deadline. */
@Serdeable
public record OrderResponse(
        String orderId,
        String saleId,
        String userId,
        String status,
        String createdAt,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String reason,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String payBy) {

    public static OrderResponse of(Order order) {
        return new OrderResponse(order.orderId(), order.saleId(), order.userId(), order.status().name(),
                order.createdAt().toString(), order.reason() == null ? null : order.reason().name(), order.payBy() == null ? null : order.payBy().toString());
    }
}
