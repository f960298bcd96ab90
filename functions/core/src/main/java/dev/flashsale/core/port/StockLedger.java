package dev.flashsale.core.port;

import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.reconcile.CopyAccount;
import dev.flashsale.core.sale.Sale;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The atomic part of a flash sale: takes units from a sale's stock for a user, never below zero and never past
 * the sale's per-user limit, whatever the concurrency. A reservation is then either claimed by the order writer
 * or released back to stock, never both: the two race on the reservation record and exactly one wins.
 */
public interface StockLedger {

    /** Loads (or reloads) a sale's stock: {@code available} units spread over the sale's shards. */
    void open(Sale sale, int available);

    ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now);

    /** Store round trips of a successful reservation: the load shedder judges the store by one round trip. */
    default int roundTripsPerReservation() {
        return 1;
    }

    /**
     * Gives a reservation's units back unless the order writer has claimed it. Idempotent: a retried release
     * never adds stock twice. Answers whether this call released it.
     */
    boolean release(Reservation reservation);

    /**
     * Marks the reservation as turned into an order, so it can no longer be released. Idempotent. Answers false
     * when the reservation was released (or never existed): then no order may be confirmed for it.
     */
    boolean claim(Reservation reservation);

    /**
     * Whether a reservation outlives this ledger's own outage. A cache restarted empty loses it, and with it every
     * trace of its order id: a shopper must not be left following an id nothing will ever settle.
     */
    default boolean isDurable() {
        return true;
    }

    /** Units not yet reserved (may lag slightly behind concurrent reservations). */
    long remaining(Sale sale);

    /** A reservation that is still held (not released), whether or not it has been claimed. */
    Optional<Reservation> findReservation(String orderId);

    /**
     * Rebuilds this ledger's state for a sale from the authoritative store, after a cache lost it. A ledger that
     * is itself the authority has nothing to rebuild and answers false.
     */
    default boolean rebuild(Sale sale) {
        return false;
    }

    /**
     * Rebuilds the sale when this ledger has lost it (a cache restarted empty), at most once per moment however
     * many containers find it lost at the same time; true for the caller that rebuilt it. Admission calls it when
     * a purchase finds the sale missing, so a cache loss costs shoppers seconds, not the reconciler's period.
     */
    default boolean restoreLost(Sale sale) {
        return false;
    }

    /**
     * Reopens a sale this ledger restored after a loss ({@link ReservationOutcome.Restoring}) once the order queue
     * holds nothing admitted before the loss, so the authority has counted it all; true for the caller that
     * reopened it. Cheap to call on every refused purchase: at most one caller a second looks at the queue.
     */
    default boolean reopenRestored(Sale sale, OrderQueue queue) {
        return false;
    }

    /**
     * The authority refused a claimed reservation (a cache offered units the authority no longer had): the
     * shopper's hold in this ledger goes, so that they are not counted as a buyer of an order they never got.
     * Idempotent; a ledger that is the authority itself never sees a refusal and does nothing.
     */
    default void dropRefusedHold(Reservation reservation) {
    }

    /** Reservations of a sale still {@code RESERVED} (never claimed, never released) since before {@code cutoff}. */
    List<Reservation> staleReservations(Sale sale, Instant cutoff);

    /**
     * Reservations claimed before {@code cutoff} on a ledger whose claims the reconciler cannot see otherwise (a
     * cache): the reconciler makes sure each has its order. A ledger that keeps claims in its pending records
     * answers none here.
     */
    default List<Reservation> staleClaims(Sale sale, Instant cutoff) {
        return List.of();
    }

    /** A cache ledger's figures for the reconciler's check against the authority; none for the authority itself. */
    default Optional<CopyAccount> copyAccount(Sale sale) {
        return Optional.empty();
    }

    /** Adds units to a cache ledger's stock (a copy that offers fewer units than the authority can still sell). */
    default void topUp(Sale sale, int units) {
        throw new UnsupportedOperationException("not a cache ledger");
    }

    /** A request that ended without a purchase (released, abandoned, refused), for the order lookup. */
    default Optional<Reservation> findEnded(String orderId) {
        return Optional.empty();
    }
}
