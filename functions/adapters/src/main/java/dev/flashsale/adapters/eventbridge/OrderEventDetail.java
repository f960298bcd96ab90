package dev.flashsale.adapters.eventbridge;

import dev.flashsale.core.event.OrderEvent;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The {@code detail} of a {@code flashsale.order} event: what a shop's rule matches on and its target receives.
 * {@code eventId} is the same on every delivery of one status change (EventBridge's own {@code id} is not).
 */
@Serdeable
public record OrderEventDetail(String eventId, String orderId, String saleId, String variant, String shopper,
                               int quantity, String status, String reason, String at) {

    static OrderEventDetail of(OrderEvent event) {
        return new OrderEventDetail(event.eventId(), event.orderId(), event.saleId(), event.variant(),
                event.shopper(), event.quantity(), event.status().name(),
                event.reason() == null ? null : event.reason().name(), event.at().toString());
    }
}
