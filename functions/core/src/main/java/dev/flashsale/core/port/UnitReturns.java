package dev.flashsale.core.port;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.sale.Sale;

/**
 * Puts an expired order's units back on sale: into the authoritative stock, and into the admission cache when
 * there is one; the buyer's count goes down by as much, so that shopper may buy again.
 */
public interface UnitReturns {

    /** Idempotent on the order id: run twice (a pass that crashed and ran again), the units come back once. */
    void giveBack(Sale sale, Order order);

    /** Forgets the order id the idempotency guard kept, once the order records that its units are back. */
    void settle(Sale sale, Order order);
}
