package dev.flashsale.core.payment;

import dev.flashsale.core.event.OrderEventOutbox;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderLookup;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.OrderPayments;
import dev.flashsale.core.port.PaymentGateway;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Pays a confirmed order within its window. Idempotent on the order id: a paid order answers paid without a
 * second charge, and the provider is asked with the order id as its idempotency key, so two requests racing
 * through two containers are one charge. The order becomes {@code PAID} only while still {@code CONFIRMED}:
 * should the expiry have won meanwhile, the charge is refunded and the shopper told the order expired.
 */
public final class OrderPayment {

    private final OrderLookup lookup;
    private final OrderPayments payments;
    private final SaleCatalog sales;
    private final PaymentGateway gateway;
    private final Clock clock;
    private final OrderEventOutbox events;

    public OrderPayment(OrderLookup lookup, OrderPayments payments, SaleCatalog sales, PaymentGateway gateway,
                        Clock clock) {
        this(lookup, payments, sales, gateway, clock, OrderEventOutbox.NONE);
    }

    /** With {@code events}: each payment recorded is announced to the shop behind the sale. */
    public OrderPayment(OrderLookup lookup, OrderPayments payments, SaleCatalog sales, PaymentGateway gateway,
                        Clock clock, OrderEventOutbox events) {
        this.events = events;
        this.lookup = lookup;
        this.payments = payments;
        this.sales = sales;
        this.gateway = gateway;
        this.clock = clock;
    }

    /** Pays {@code orderId} for the verified {@code shopper}; another shopper's order is refused untouched. */
    public PaymentOutcome pay(String orderId, String shopper, String method) {
        Optional<Order> found = lookup.find(orderId);
        if (found.isEmpty()) {
            return new PaymentOutcome.NotFound();
        }
        Order order = found.get();
        if (!order.userId().equals(shopper)) {
            return new PaymentOutcome.NotYours();
        }
        Optional<PaymentOutcome> settled = settledOrUnpayable(order);
        if (settled.isPresent()) {
            if (order.status() == OrderStatus.EXPIRED) {
                // A retry after a charge whose answer was lost: that charge may have landed since the expiry's
                // refund. Nothing may stay charged for units back on sale (idempotent: nothing when none landed).
                gateway.refund(orderId);
            }
            return settled.get();
        }
        Instant now = clock.instant();
        if (!now.isBefore(order.payBy())) {
            return new PaymentOutcome.Expired(order.withStatus(OrderStatus.EXPIRED));
        }
        Optional<Sale> sale = sales.find(order.saleId());
        if (sale.isEmpty()) {
            return new PaymentOutcome.NotFound();
        }
        long amount = sale.get().product().priceCents() * order.quantity();
        ChargeResult result = gateway.charge(new Charge(orderId, amount, sale.get().product().currency(), method));
        if (result instanceof ChargeResult.Declined declined) {
            return new PaymentOutcome.Declined(declined.reason());
        }
        if (result instanceof ChargeResult.Stalled) {
            return new PaymentOutcome.Pending();
        }
        String paymentId = ((ChargeResult.Approved) result).paymentId();
        if (payments.markPaid(orderId, paymentId, now)) {
            events.announce(order, OrderStatus.PAID, now);
            return new PaymentOutcome.Paid(order.withStatus(OrderStatus.PAID));
        }
        Order latest = lookup.find(orderId).orElse(order);
        if (latest.status() == OrderStatus.PAID) {
            return new PaymentOutcome.Paid(latest); // a concurrent request with the same key recorded it first
        }
        gateway.refund(orderId); // the expiry won the race: nothing may stay charged for units back on sale
        return new PaymentOutcome.Expired(latest);
    }

    private static Optional<PaymentOutcome> settledOrUnpayable(Order order) {
        switch (order.status()) {
            case PAID:
                return Optional.of(new PaymentOutcome.Paid(order));
            case EXPIRED:
                return Optional.of(new PaymentOutcome.Expired(order));
            case PENDING:
                return Optional.of(new PaymentOutcome.NotPayable(
                        "The order is not confirmed yet; follow GET /api/orders/" + order.orderId() + "."));
            case REJECTED:
                return Optional.of(new PaymentOutcome.NotPayable("The order was rejected; nothing is to be paid."));
            default:
                return order.payBy() == null
                        ? Optional.of(new PaymentOutcome.NotPayable("This sale takes no payment here."))
                        : Optional.empty();
        }
    }
}
