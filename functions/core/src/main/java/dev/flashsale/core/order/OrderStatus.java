package dev.flashsale.core.order;

public enum OrderStatus {
    /** Admitted: units reserved, order not yet written. */
    PENDING,
    CONFIRMED,
    REJECTED
}
