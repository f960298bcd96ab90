package dev.flashsale.core.port;

import dev.flashsale.core.event.OrderEvent;

import java.util.List;

/**
 * The outbox on the order store. Every write that changes an order's status ({@link OrderStore#writeOnce},
 * {@link OrderPayments#markPaid}, {@link OrderPayments#markExpired}) marks that status's event pending in the same
 * conditional write, so a status change can never exist without its event waiting to go out.
 */
public interface PendingOrderEvents {

    /** A sale's events still pending, whatever their age (the order's fields as stored now). */
    List<OrderEvent> pending(String saleId);

    /** The bus took {@code event}: it is no longer pending. Repeating it changes nothing. */
    void published(OrderEvent event);

    /** No outbox: nothing pending (tests that do not look at events). */
    PendingOrderEvents NONE = new PendingOrderEvents() {
        @Override
        public List<OrderEvent> pending(String saleId) {
            return List.of();
        }

        @Override
        public void published(OrderEvent event) {
        }
    };
}
