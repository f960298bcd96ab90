package dev.flashsale.core.payment;

/** A provider's answer to a charge. */
public sealed interface ChargeResult {

    /** Charged; {@code paymentId} is the provider's reference. */
    record Approved(String paymentId) implements ChargeResult {
    }

    /** Refused by the provider (card declined...); nothing charged, the shopper may try another method. */
    record Declined(String reason) implements ChargeResult {
    }

    /** No answer in time: the charge may or may not complete; a retry with the same order id finds out. */
    record Stalled() implements ChargeResult {
    }
}
