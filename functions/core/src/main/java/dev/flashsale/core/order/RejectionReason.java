package dev.flashsale.core.order;

/** Why an order was rejected; the name is what the order shows as its {@code reason}. */
public enum RejectionReason {
    /** Admission gave the reservation's units back before the order writer claimed it (or the request ended). */
    RESERVATION_RELEASED,
    /** The authoritative stock could not cover the reservation (a cache admitted more than there was). */
    STOCK_EXHAUSTED,
    /**
     * The buyer already held the sale's per-user limit by the authority's count (a cache admitted it after losing
     * the buyer's hold: a failover that lost the last writes, a stock sync with orders still queued).
     */
    LIMIT_REACHED
}
