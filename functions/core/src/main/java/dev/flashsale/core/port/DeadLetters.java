package dev.flashsale.core.port;

import dev.flashsale.core.deadletter.DeadLetter;

import java.util.List;

/**
 * The order queue's dead-letter queue. Redriving puts messages back on the order queue; it is safe however often a
 * message is redriven, because the order writer is idempotent on the order id (one order per reservation, and a
 * released reservation becomes a rejected order, never a second sale).
 */
public interface DeadLetters {

    /** How many messages wait there (approximate, as the queue counts them). */
    long count();

    /** Up to {@code max} of them, left where they are. */
    List<DeadLetter> list(int max);

    /** Moves up to {@code max} back to the order queue; answers how many moved. */
    int redrive(int max);
}
