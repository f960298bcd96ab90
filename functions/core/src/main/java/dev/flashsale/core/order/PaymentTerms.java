package dev.flashsale.core.order;

import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.purchase.Reservation;

import java.time.Clock;

/**
 * The order a counted reservation becomes: confirmed, and in a sale with a payment window payable until the
 * window's end counted from the confirmation (a shopper whose order sat in the queue still gets the whole window).
 */
public final class PaymentTerms {

    /** For sales that take no payment through this system. */
    public static final PaymentTerms NONE = new PaymentTerms(null, null);

    private final SaleCatalog sales;
    private final Clock clock;

    public PaymentTerms(SaleCatalog sales, Clock clock) {
        this.sales = sales;
        this.clock = clock;
    }

    public Order confirmed(Reservation reservation) {
        Order confirmed = Order.confirmed(reservation);
        if (sales == null) {
            return confirmed;
        }
        return sales.find(reservation.saleId())
                .flatMap(sale -> sale.paymentWindow())
                .map(window -> confirmed.payableUntil(clock.instant().plus(window)))
                .orElse(confirmed);
    }
}
