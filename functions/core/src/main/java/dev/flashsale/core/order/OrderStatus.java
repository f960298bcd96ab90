package dev.flashsale.core.order;

public enum OrderStatus {
    /** Admitted: units reserved, order not yet written. */
    PENDING,
    /** Counted against the stock. With a payment window, it waits for payment until its {@code payBy}. */
    CONFIRMED,
    REJECTED,
    /** Confirmed and paid: final. */
    PAID,
    /** Confirmed but not paid by its deadline: its units went back to the sale. */
    EXPIRED;

    /** Whether an order in this state holds units of the sale's stock. */
    public boolean holdsUnits() {
        return this == CONFIRMED || this == PAID;
    }
}
