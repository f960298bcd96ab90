package dev.flashsale.core.deadletter;

import dev.flashsale.core.port.DeadLetters;

import java.util.List;

/**
 * The operator's look at the order queue's dead letters and their redrive after a fix, a bounded number per call.
 * A redriven message reaches the order writer again, which is idempotent on its order id.
 */
public final class DeadLetterRedrive {

    /** What waits there: at least as many as listed, however the queue's approximate count trails. */
    public record Listing(long queued, List<DeadLetter> letters) {
    }

    /** What one redrive moved, and what it left. */
    public record Redriven(int redriven, long left) {
    }

    private final DeadLetters deadLetters;

    public DeadLetterRedrive(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    public Listing list(int max) {
        List<DeadLetter> letters = deadLetters.list(max);
        return new Listing(Math.max(letters.size(), deadLetters.count()), letters);
    }

    public Redriven redrive(int max) {
        int moved = deadLetters.redrive(max);
        return new Redriven(moved, deadLetters.count());
    }
}
