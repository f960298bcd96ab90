package dev.flashsale.core.fakes;

import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.purchase.Reservation;

import java.util.concurrent.atomic.AtomicLong;

/** The order queue as a count and the last reservation taken (nothing piles up); can be made to refuse. */
public final class InMemoryOrderQueue implements OrderQueue {

    private final AtomicLong taken = new AtomicLong();
    private volatile Reservation last;
    private volatile boolean refusing;

    @Override
    public void enqueue(Reservation reservation) {
        if (refusing) {
            throw new IllegalStateException("the queue did not take the message");
        }
        last = reservation;
        taken.incrementAndGet();
    }

    /** Messages are consumed as they arrive: the queue always reads empty. */
    @Override
    public boolean isEmpty() {
        return true;
    }

    /** From now on every enqueue fails (true) or works again (false). */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    public long taken() {
        return taken.get();
    }

    public Reservation last() {
        return last;
    }
}
