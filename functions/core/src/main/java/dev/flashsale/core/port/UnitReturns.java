package dev.flashsale.core.port;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.sale.Sale;

/**
 * Puts an expired order's units back into the admission cache (Redis backend) once the authoritative stock has
 * them back ({@link dev.flashsale.core.ledger.GiveBack} did that, through the order's intent), and lowers the
 * shopper's count there, so they may buy again. Without a cache (DynamoDB backend) there is nothing to do: see
 * {@link #NONE}.
 */
public interface UnitReturns {

    /** Idempotent on the order id: run twice (a pass that crashed and ran again), the units come back once. */
    void giveBack(Sale sale, Order order);

    /** Forgets the order id the idempotency guard kept, once the order records that its units are back. */
    void settle(Sale sale, Order order);

    /** No admission cache: the authoritative give-back is the whole of it. */
    UnitReturns NONE = new UnitReturns() {
        @Override
        public void giveBack(Sale sale, Order order) {
        }

        @Override
        public void settle(Sale sale, Order order) {
        }
    };
}
