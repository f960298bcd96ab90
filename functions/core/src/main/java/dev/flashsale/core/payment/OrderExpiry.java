package dev.flashsale.core.payment;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.OrderPayments;
import dev.flashsale.core.port.PaymentGateway;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Expires confirmed orders left unpaid past their deadline and puts their units back on sale. Three steps, each
 * safe to repeat: the order becomes {@code EXPIRED} (conditional: a payment recorded first wins), its units go
 * back (idempotent on the order id), and the order records that they did. A pass that stops between two steps
 * leaves the order in the list of due orders, and the next pass finishes it: a unit comes back exactly once.
 * The buyer's count goes down too: an expired order holds nothing, so its shopper may buy again. And whatever the
 * provider may have charged for it (a payment that died between the charge and recording it) is refunded: an
 * expired order never stays charged.
 */
public final class OrderExpiry {

    /**
     * Past the deadline, a payment that started in time may still be finishing (the admission function's timeout
     * is 10 s): orders are expired only this long after their deadline.
     */
    public static final Duration GRACE = Duration.ofSeconds(15);

    /** What one pass did. */
    public record Report(int expired, int unitsReturned) {
    }

    private final SaleCatalog sales;
    private final OrderPayments payments;
    private final UnitReturns returns;
    private final PaymentGateway gateway;
    private final Clock clock;
    private final Consumer<Order> onExpired;

    public OrderExpiry(SaleCatalog sales, OrderPayments payments, UnitReturns returns, PaymentGateway gateway,
                       Clock clock, Consumer<Order> onExpired) {
        this.sales = sales;
        this.payments = payments;
        this.returns = returns;
        this.gateway = gateway;
        this.clock = clock;
        this.onExpired = onExpired;
    }

    public Report run() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(GRACE);
        int expired = 0;
        int units = 0;
        for (Sale sale : sales.list()) {
            for (Order due : payments.due(sale.id(), cutoff)) {
                if (due.status() == OrderStatus.CONFIRMED && !payments.markExpired(due.orderId(), cutoff)) {
                    continue; // paid in the meantime
                }
                if (due.status() != OrderStatus.CONFIRMED && due.status() != OrderStatus.EXPIRED) {
                    continue;
                }
                Order order = due.withStatus(OrderStatus.EXPIRED);
                gateway.refund(order.orderId()); // idempotent on the order id; nothing to do when never charged
                returns.giveBack(sale, order);
                payments.markRestocked(order.orderId());
                returns.settle(sale, order);
                expired++;
                units += order.quantity();
                onExpired.accept(order);
            }
        }
        return new Report(expired, units);
    }
}
