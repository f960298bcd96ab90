package dev.flashsale.core.port;

import dev.flashsale.core.purchase.Reservation;

/** The buffer between admission and order writing. */
public interface OrderQueue {

    /** Hands the reservation to the order writers; throws when the queue did not take it. */
    void enqueue(Reservation reservation);

    /**
     * Whether the queue holds no message at all: none waiting, none being written, none delayed. A cache ledger
     * that lost a sale reopens it only then, once every order admitted before the loss is counted.
     */
    boolean isEmpty();
}
