package dev.flashsale.core.port;

import dev.flashsale.core.purchase.Reservation;

/**
 * The last word on stock: counts a reservation's units against the authoritative stock before its order is
 * confirmed. When admission reserves on the authoritative store itself, the units were counted then; when it
 * reserves on a cache, this is where a cache that admitted too much (lost data, a failover) is caught.
 */
public interface StockAuthority {

    /** Counts the reservation once (idempotent on its order id); false when the authoritative stock is spent. */
    boolean confirm(Reservation reservation);
}
