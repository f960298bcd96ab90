package dev.flashsale.core.port;

import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.reconcile.CopyAccount;
import dev.flashsale.core.sale.Sale;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What only a cache in front of the authoritative stock has (the Redis backend): it can lose a sale, be loaded
 * again, be held closed while the orders admitted before a loss are counted, and drift from the authority. The
 * store's primitives only: when to restore, when to reopen and by how much to top up is the core's
 * {@link dev.flashsale.core.cache.CacheRecovery}.
 */
public interface StockCache {

    /** The one-caller-at-a-time moments of a recovery, each a guard that lapses by itself. */
    enum Guard { RESTORE, QUEUE_CHECK, REOPEN }

    /** When a restored sale was loaded closed, and when its order queue first read empty since. */
    record RestoreMarks(Optional<Instant> restoredAt, Optional<Instant> drainedAt) {
    }

    /** Whether the cache holds the sale at all (false after a restart that lost it). */
    boolean holds(Sale sale);

    /** True for the one caller that takes the guard; it lapses after {@code hold}, whoever took it. */
    boolean takeGuard(Sale sale, Guard guard, Duration hold);

    RestoreMarks marks(Sale sale);

    void markDrained(Sale sale, Instant at);

    void clearDrained(Sale sale);

    /**
     * Replaces the sale's stock, buyers and reservations: {@code unitsByShard} on offer, {@code unitsByBuyer} held.
     * With {@code closedSince} the sale is loaded closed (purchases answer restoring); without it, open. The
     * sale's definition is written last, so until the load is whole purchases find the sale missing.
     */
    void load(Sale sale, int[] unitsByShard, Map<String, Integer> unitsByBuyer, Optional<Instant> closedSince);

    /** The shopper's hold for a reservation the authority refused goes, once. */
    void dropHold(Reservation reservation);

    /**
     * A claimed reservation the authority refused over the buyer's limit (it took no unit for it): its units go back
     * on offer and the shopper's hold goes, once; a repeat changes nothing.
     */
    void returnClaim(Reservation reservation);

    /** Reservations claimed (turned into an order message) before {@code cutoff}. */
    List<Reservation> claimedBefore(Sale sale, Instant cutoff);

    /** Units the cache offers and its reservations not yet claimed. */
    CopyAccount account(Sale sale);

    /** Adds units to the cache's stock. */
    void topUp(Sale sale, int units);
}
