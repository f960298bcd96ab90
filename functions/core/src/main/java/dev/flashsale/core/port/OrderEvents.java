package dev.flashsale.core.port;

import dev.flashsale.core.event.OrderEvent;

import java.util.List;

/** The event bus the shop behind the sale listens on. */
public interface OrderEvents {

    /** At most this many events in one {@link #publish} (EventBridge's PutEvents takes ten entries). */
    int BATCH = 10;

    /**
     * Publishes up to {@link #BATCH} events; answers those the bus did not take (a partial failure: throttled
     * entries), empty when it took them all. Throws when the call itself failed: then none may have gone out.
     */
    List<OrderEvent> publish(List<OrderEvent> events);

    /** No bus: takes every event and sends none (tests that do not look at events). */
    OrderEvents NONE = events -> List.of();
}
