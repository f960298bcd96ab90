package dev.flashsale.core.port;

import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The atomic part of a flash sale: takes units from a sale's stock for a user, never below zero and never past
 * the sale's per-user limit, whatever the concurrency. A reservation is then either claimed by the order writer
 * or released back to stock, never both: the two race on the reservation record and exactly one wins. What both
 * backends have; what only a cache in front of the authority has is {@link StockCache}.
 */
public interface StockLedger {

    /** Loads (or reloads) a sale's stock: {@code available} units spread over the sale's shards. */
    void open(Sale sale, int available);

    /**
     * Changes a live sale's stock from {@code old}'s to {@code sale}'s: the units already given out stay given out.
     * A backend that can apply the change as a delta overrides this; the default reads and sets.
     */
    default void replace(Sale old, Sale sale) {
        long alreadyTaken = Math.max(0, old.stock() - remaining(old));
        open(sale, (int) Math.max(0, sale.stock() - alreadyTaken));
    }

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
     * Reservations of a sale neither claimed nor released since before {@code cutoff} (on a ledger that
     * {@link #keepsSends keeps sends}: since their last send).
     */
    List<Reservation> staleReservations(Sale sale, Instant cutoff);

    /**
     * Whether this ledger records the sends of a reservation's message ({@link #markQueued}). On such a ledger a
     * stale reservation is never released: its message may still wait in the queue (a backlog, the event source
     * disabled) and its order would end rejected; the reconciler sends the message again instead, which the order
     * writer takes idempotently on the order id. A ledger that keeps no sends releases its stale reservations.
     */
    default boolean keepsSends() {
        return false;
    }

    /**
     * Records that the reservation's message was sent (again) at {@code at}, so the next re-send waits a cutoff.
     * False when it was claimed or released meanwhile, or when this ledger keeps no sends.
     */
    default boolean markQueued(Reservation reservation, Instant at) {
        return false;
    }

    /** A request that ended without a purchase (released, abandoned, refused), for the order lookup. */
    default Optional<Reservation> findEnded(String orderId) {
        return Optional.empty();
    }
}
