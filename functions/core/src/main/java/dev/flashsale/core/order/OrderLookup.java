package dev.flashsale.core.order;

import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;

import java.util.Optional;

/** Finds an order wherever it is: written in the order store, or still a reservation on its way there. */
public final class OrderLookup {

    private final OrderStore orders;
    private final StockLedger ledger;

    public OrderLookup(OrderStore orders, StockLedger ledger) {
        this.orders = orders;
        this.ledger = ledger;
    }

    public Optional<Order> find(String orderId) {
        if (!OrderIds.isWellFormed(orderId)) {
            return Optional.empty();
        }
        Optional<Order> written = orders.find(orderId);
        if (written.isPresent()) {
            return written;
        }
        Optional<Order> pending = ledger.findReservation(orderId).map(Order::pending);
        if (pending.isPresent()) {
            return pending;
        }
        // Ended without a purchase (released, given up): the shopper learns it was not sold.
        return ledger.findEnded(orderId).map(ended -> Order.rejected(ended, RejectionReason.RESERVATION_RELEASED));
    }
}
