package dev.flashsale.core.port;

import dev.flashsale.core.order.Order;

import java.time.Instant;
import java.util.List;

/**
 * The payment states of orders in the order store. Each change is conditional on the order still being
 * {@code CONFIRMED}, so of a payment and an expiry racing on one order exactly one wins.
 */
public interface OrderPayments {

    /** {@code CONFIRMED} becomes {@code PAID}; false when the order is no longer confirmed. */
    boolean markPaid(String orderId, String paymentId, Instant paidAt);

    /**
     * {@code CONFIRMED} with a deadline before {@code now} becomes {@code EXPIRED}, its units still to be given
     * back; false when it was paid (or is not yet due).
     */
    boolean markExpired(String orderId, Instant now);

    /** The expired order's units are back in stock: it leaves the list of {@link #due}. */
    void markRestocked(String orderId);

    /**
     * A sale's orders with a deadline before {@code cutoff} still to be dealt with: confirmed and unpaid, or
     * expired with units not yet given back (a pass that stopped half-way).
     */
    List<Order> due(String saleId, Instant cutoff);
}
