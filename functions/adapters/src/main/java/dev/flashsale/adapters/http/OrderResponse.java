package dev.flashsale.adapters.http;

import dev.flashsale.core.order.Order;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /api/orders/{orderId}}; {@code reason} only on rejected orders. */
@Serdeable
public record OrderResponse(
        String orderId,
        String saleId,
        String userId,
        String status,
        String createdAt,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String reason) {

    public static OrderResponse of(Order order) {
        return new OrderResponse(order.orderId(), order.saleId(), order.userId(), order.status().name(),
                order.createdAt().toString(), order.reason());
    }
}
