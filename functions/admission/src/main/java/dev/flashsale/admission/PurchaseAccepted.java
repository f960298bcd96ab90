package dev.flashsale.admission;

import io.micronaut.serde.annotation.Serdeable;

/** 202 answer to an admitted purchase. */
@Serdeable
public record PurchaseAccepted(String orderId, String status) {
}
