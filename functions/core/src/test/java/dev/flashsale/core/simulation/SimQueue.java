package dev.flashsale.core.simulation;

import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.purchase.Reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The order queue as an SQS standard queue with the template's settings: at-least-once (a message may be
 * delivered twice, at once), in any order, invisible for the visibility timeout after each receive and delivered
 * again if not deleted by then, moved to the DLQ after {@code maxReceiveCount} receives; a message may also wait
 * (a backlog, the event source disabled) longer than any timeout. A send may fail without landing, or land with
 * its caller told it failed.
 */
final class SimQueue implements OrderQueue {

    static final Duration VISIBILITY = Duration.ofSeconds(180);
    static final int MAX_RECEIVES = 5;

    /** One message of the queue. */
    static final class Message {
        final long id;
        final Reservation reservation;
        Instant visibleAt;
        int receives;

        Message(long id, Reservation reservation, Instant visibleAt) {
            this.id = id;
            this.reservation = reservation;
            this.visibleAt = visibleAt;
        }
    }

    private final Env env;
    private final List<Message> messages = new ArrayList<>();
    private final List<Message> deadLetters = new ArrayList<>();
    private long nextId;

    SimQueue(Env env) {
        this.env = env;
    }

    @Override
    public void enqueue(Reservation reservation) {
        env.before("sendMessage " + reservation.orderId());
        Instant now = env.scheduler.now();
        Instant visible = now.plusMillis(env.choices.next(2000));
        if (!env.healed() && env.choices.chance(env.shape().longWait())) {
            visible = now.plus(Duration.ofMinutes(env.shape().reconcileAfterMinutes() + 1 + env.choices.next(10)));
            env.note("message of " + reservation.orderId() + " will wait until " + visible);
        }
        messages.add(new Message(nextId++, reservation, visible));
        env.landed("sendMessage " + reservation.orderId());
    }

    /** Every message, waiting or in flight: the queue's approximate counts, all zero. */
    @Override
    public boolean isEmpty() {
        env.before("queueAttributes");
        return messages.isEmpty();
    }

    /** The messages a poll would receive now; each becomes invisible for the visibility timeout. */
    List<Message> receivable() {
        Instant now = env.scheduler.now();
        List<Message> visible = new ArrayList<>();
        Iterator<Message> each = messages.iterator();
        while (each.hasNext()) {
            Message message = each.next();
            if (message.visibleAt.isAfter(now)) {
                continue;
            }
            if (message.receives >= MAX_RECEIVES) {
                each.remove();
                deadLetters.add(message);
                env.note("message of " + message.reservation.orderId() + " moved to the DLQ");
                continue;
            }
            visible.add(message);
        }
        return visible;
    }

    void received(Message message) {
        message.receives++;
        message.visibleAt = env.scheduler.now().plus(VISIBILITY);
    }

    /** The order function reports the message done (ReportBatchItemFailures: not failed). */
    void delete(Message message) {
        env.before("deleteMessage " + message.reservation.orderId());
        messages.remove(message);
    }

    /** {@code ./flashsale dlq redrive}: every dead letter back to the queue. */
    int redrive() {
        int moved = deadLetters.size();
        for (Message message : deadLetters) {
            message.receives = 0;
            message.visibleAt = env.scheduler.now();
            messages.add(message);
        }
        deadLetters.clear();
        return moved;
    }

    /** No message waiting or in flight. */
    boolean quiet() {
        return messages.isEmpty();
    }

    boolean drained() {
        return messages.isEmpty() && deadLetters.isEmpty();
    }

    Instant nextVisible() {
        Instant first = Instant.MAX;
        for (Message message : messages) {
            if (message.visibleAt.isBefore(first)) {
                first = message.visibleAt;
            }
        }
        return first;
    }
}
