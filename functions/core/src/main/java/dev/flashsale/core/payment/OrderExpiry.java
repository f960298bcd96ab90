package dev.flashsale.core.payment;

import dev.flashsale.core.event.OrderEventOutbox;
import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.ledger.IntentState;
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
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Expires confirmed orders left unpaid past their deadline and puts their units back on sale. Each step is safe to
 * repeat: the order becomes {@code EXPIRED} (conditional: a payment recorded first wins); whatever the provider may
 * have charged for it is refunded (a payment that died between the charge and recording it); its units go back
 * through the order's intent ({@link GiveBack}: the claim that owned them moves to RELEASING, a move only one
 * give-back path can win, so a unit moves once per order id), then into the admission cache when there is one;
 * and the order records that they did. Until then the claim still owns the unit in the books (held, being
 * returned), so an expiry stopped half way never shows as a lost unit. A pass that stops between two steps leaves
 * the order in the list of due orders, and the next pass finishes it. The buyer's count goes down too: an expired
 * order holds nothing, so its shopper may buy again.
 * <p>
 * A charge may reach the provider after the expiry's refund: its request sent in time, its answer lost (the
 * payment's invocation timed out), the provider not knowing it yet when asked to refund, so it lands afterwards.
 * An expired order therefore stays due, its refund pending, until {@link #LATE_CHARGE} past its expiry; the pass
 * past that refunds it again (idempotent on the order id: nothing to do when nothing landed), and only then records
 * it restocked. The order is counted, and its units go back, at the pass that expires it.
 */
public final class OrderExpiry {

    /**
     * Past the deadline, a payment that started in time may still be finishing (the admission function's timeout
     * is 10 s): orders are expired only this long after their deadline.
     */
    public static final Duration GRACE = Duration.ofSeconds(15);

    /**
     * How late past the expiry a charge sent before the deadline may still land at the provider (its request's
     * own timeouts at the provider; payment-provider.md): the expiry's second refund waits this long.
     */
    public static final Duration LATE_CHARGE = Duration.ofMinutes(5);

    /**
     * The states whose units an expiry gives back: the order's claim (ORDERED only for an intent settled before
     * claims of unpaid orders were kept).
     */
    private static final Set<IntentState> FROM_ORDER = EnumSet.of(IntentState.CLAIMED, IntentState.ORDERED);

    /** What one pass did. */
    public record Report(int expired, int unitsReturned) {

        public Report plus(Report other) {
            return new Report(expired + other.expired, unitsReturned + other.unitsReturned);
        }
    }

    private final SaleCatalog sales;
    private final OrderPayments payments;
    private final GiveBack giveBack;
    private final UnitReturns cache;
    private final PaymentGateway gateway;
    private final Clock clock;
    private final Consumer<Order> onExpired;
    private final OrderEventOutbox events;

    /**
     * @param giveBack the authoritative stock's give-back (the intents on the DynamoDB ledger, either backend)
     * @param cache    the admission cache's part, {@link UnitReturns#NONE} without a cache
     */
    public OrderExpiry(SaleCatalog sales, OrderPayments payments, GiveBack giveBack, UnitReturns cache,
                       PaymentGateway gateway, Clock clock, Consumer<Order> onExpired) {
        this(sales, payments, giveBack, cache, gateway, clock, onExpired, OrderEventOutbox.NONE);
    }

    /** With {@code events}: each expiry is announced to the shop behind the sale. */
    public OrderExpiry(SaleCatalog sales, OrderPayments payments, GiveBack giveBack, UnitReturns cache,
                       PaymentGateway gateway, Clock clock, Consumer<Order> onExpired, OrderEventOutbox events) {
        this.events = events;
        this.sales = sales;
        this.payments = payments;
        this.giveBack = giveBack;
        this.cache = cache;
        this.gateway = gateway;
        this.clock = clock;
        this.onExpired = onExpired;
    }

    /** Every live or recently ended sale, one after the other (an old sale's deadlines are long past). */
    public Report run() {
        Report total = new Report(0, 0);
        for (Sale sale : sales.listLiveOrRecent(clock.instant())) {
            total = total.plus(run(sale));
        }
        return total;
    }

    /** One sale's due orders. */
    public Report run(Sale sale) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(GRACE);
        int expired = 0;
        int units = 0;
        for (Order due : payments.due(sale.id(), cutoff)) {
            boolean expiresNow = due.status() == OrderStatus.CONFIRMED;
            if (expiresNow) {
                if (!payments.markExpired(due.orderId(), cutoff)) {
                    continue; // paid in the meantime
                }
                events.announce(due, OrderStatus.EXPIRED, cutoff);
            }
            if (!expiresNow && due.status() != OrderStatus.EXPIRED) {
                continue;
            }
            Order order = due.withStatus(OrderStatus.EXPIRED);
            // Past LATE_CHARGE no charge sent in time can land any more: this refund is the last one needed.
            boolean lastRefund = due.payBy() == null || !now.isBefore(due.payBy().plus(GRACE).plus(LATE_CHARGE));
            if (expiresNow || lastRefund) {
                gateway.refund(order.orderId()); // idempotent on the order id; nothing to do when never charged
            }
            GiveBack.Outcome back = giveBack.giveBack(order.orderId(), FROM_ORDER);
            if (back == GiveBack.Outcome.UNDER_WAY) {
                continue; // another give-back holds it (or stopped; the reconciler closes it): the next pass
            }
            if (back != GiveBack.Outcome.NOT_HELD) {
                cache.giveBack(sale, order); // once per order id: the cache's guard holds it until settled
            }
            if (expiresNow || back == GiveBack.Outcome.GIVEN_BACK) {
                expired++;
                units += back == GiveBack.Outcome.NOT_HELD ? 0 : order.quantity();
                onExpired.accept(order);
            }
            if (lastRefund) {
                payments.markRestocked(order.orderId());
                cache.settle(sale, order);
            }
        }
        return new Report(expired, units);
    }
}
