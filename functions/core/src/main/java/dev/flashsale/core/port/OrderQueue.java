package dev.flashsale.core.port;

import dev.flashsale.core.purchase.Reservation;

/** The buffer between admission and order writing. */
public interface OrderQueue {

    /** Hands the reservation to the order writers; throws when the queue did not take it. */
    void enqueue(Reservation reservation);
}
