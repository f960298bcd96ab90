package dev.flashsale.core.port;

import dev.flashsale.core.purchase.Reservation;

/**
 * The last word on stock and on the per-user limit: counts a reservation's units against the authoritative stock
 * and the buyer's count before its order is confirmed. When admission reserves on the authoritative store itself,
 * both were counted then; when it reserves on a cache, this is where a cache that admitted too much (lost data, a
 * failover that lost the buyer's hold) is caught.
 */
public interface StockAuthority {

    /** What the authority answered a reservation. */
    enum Count {
        /** Counted (once: a repeated call answers the same). */
        COUNTED,
        /** The authoritative stock is spent. */
        STOCK_EXHAUSTED,
        /** The buyer already holds the sale's per-user limit. */
        LIMIT_REACHED
    }

    /** Counts the reservation once (idempotent on its order id). */
    Count confirm(Reservation reservation);
}
