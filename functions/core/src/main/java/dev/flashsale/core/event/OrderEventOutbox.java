package dev.flashsale.core.event;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.OrderEvents;
import dev.flashsale.core.port.PendingOrderEvents;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Order events, at least once and never lost. The write that changes an order's status marks its event pending
 * (an outbox flag on the order itself, {@link PendingOrderEvents}); right after it, the writer {@link #announce}s
 * the event and clears the flag once the bus took it. Whatever stops in between (a crash after the write, the
 * bus refusing the call, throttled entries of a partial failure) leaves the flag, and the reconciler's pass
 * {@link #finish}es it. An event may so go out twice (the bus took it, the flag's clearing did not land), never
 * not at all; its id is the same on every delivery. Events of one order may arrive out of status order.
 */
public final class OrderEventOutbox {

    /** What one {@link #finish} did: events published, and events still pending (the bus refused them). */
    public record Report(int published, int stillPending) {

        public Report plus(Report other) {
            return new Report(published + other.published, stillPending + other.stillPending);
        }
    }

    /** No bus, no outbox. */
    public static final OrderEventOutbox NONE = new OrderEventOutbox(OrderEvents.NONE, PendingOrderEvents.NONE);

    private final OrderEvents bus;
    private final PendingOrderEvents outbox;

    public OrderEventOutbox(OrderEvents bus, PendingOrderEvents outbox) {
        this.bus = bus;
        this.outbox = outbox;
    }

    /**
     * Right after a write that moved {@code order} to {@code status} at {@code at} (and marked its event): the
     * event goes out and its mark is cleared. Never throws: an event that did not go out stays pending.
     */
    public boolean announce(Order order, OrderStatus status, Instant at) {
        OrderEvent event = OrderEvent.of(order, status, at);
        try {
            if (!bus.publish(List.of(event)).isEmpty()) {
                return false;
            }
            outbox.published(event);
            return true;
        } catch (RuntimeException busOrStore) {
            return false; // still pending: the reconciler's next pass publishes it
        }
    }

    /** The reconciler's part: every pending event of the sale goes out, in batches; refused ones stay pending. */
    public Report finish(String saleId) {
        List<OrderEvent> pending = outbox.pending(saleId);
        int published = 0;
        int refused = 0;
        for (int from = 0; from < pending.size(); from += OrderEvents.BATCH) {
            List<OrderEvent> batch = pending.subList(from, Math.min(pending.size(), from + OrderEvents.BATCH));
            Set<String> notTaken = new HashSet<>();
            try {
                bus.publish(batch).forEach(event -> notTaken.add(event.eventId()));
            } catch (RuntimeException busFailed) {
                refused += batch.size();
                continue;
            }
            for (OrderEvent event : batch) {
                if (notTaken.contains(event.eventId())) {
                    refused++;
                } else {
                    outbox.published(event);
                    published++;
                }
            }
        }
        return new Report(published, refused);
    }
}
