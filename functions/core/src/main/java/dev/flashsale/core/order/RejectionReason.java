package dev.flashsale.core.order;

/** Why an order was rejected; the name is what the order shows as its {@code reason}. */
public enum RejectionReason {
    /** Admission gave the reservation's units back before the order writer claimed it (or the request ended). */
    RESERVATION_RELEASED,
    /** The authoritative stock could not cover the reservation (a cache admitted more than there was). */
    STOCK_EXHAUSTED
}
