package dev.flashsale.core.order;

import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;

/**
 * Turns an admitted reservation into an order, idempotently on its order id. The reservation is claimed first:
 * if admission already gave its units back (an enqueue that looked failed but was not), the order is rejected
 * rather than confirmed for a unit that is back on sale.
 */
public final class OrderWriter {

    public static final String REASON_RELEASED = "RESERVATION_RELEASED";

    private final OrderStore orders;
    private final StockLedger ledger;

    public OrderWriter(OrderStore orders, StockLedger ledger) {
        this.orders = orders;
        this.ledger = ledger;
    }

    public Order write(Reservation reservation) {
        if (ledger.claim(reservation)) {
            return orders.writeOnce(Order.confirmed(reservation));
        }
        return orders.writeOnce(Order.rejected(reservation, REASON_RELEASED));
    }
}
