package dev.flashsale.adapters.eventbridge;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.event.OrderEvent;
import dev.flashsale.core.port.OrderEvents;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Order events on the EventBridge bus {@code FLASHSALE_ORDER_EVENTS_BUS} (name or ARN), source {@link #SOURCE},
 * detail-type {@link #DETAIL_TYPE}. PutEvents answers 200 with {@code FailedEntryCount} above 0 when some entries
 * were refused (throttled, an internal failure): its result entries, in the request's order, say which.
 */
@Singleton
public class EventBridgeOrderEvents implements OrderEvents {

    public static final String SOURCE = "flashsale";
    public static final String DETAIL_TYPE = "flashsale.order";

    private final EventBridgeClient eventBridge;
    private final JsonMapper json;
    private final String bus;

    public EventBridgeOrderEvents(EventBridgeClient eventBridge, JsonMapper json, FlashsaleSettings settings) {
        this.eventBridge = eventBridge;
        this.json = json;
        this.bus = settings.getOrderEventsBus();
    }

    @Override
    public List<OrderEvent> publish(List<OrderEvent> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<PutEventsRequestEntry> entries = new ArrayList<>(batch.size());
        for (OrderEvent event : batch) {
            entries.add(PutEventsRequestEntry.builder()
                    .eventBusName(bus)
                    .source(SOURCE)
                    .detailType(DETAIL_TYPE)
                    .time(event.at())
                    .detail(detail(event))
                    .build());
        }
        PutEventsResponse answer = eventBridge.putEvents(b -> b.entries(entries));
        Integer failedCount = answer.failedEntryCount();
        if (failedCount == null || failedCount == 0) {
            return List.of();
        }
        List<OrderEvent> refused = new ArrayList<>();
        List<PutEventsResultEntry> results = answer.entries();
        for (int i = 0; i < batch.size(); i++) {
            // no result for an entry, or one with an error code: not taken
            if (i >= results.size() || results.get(i).errorCode() != null || results.get(i).eventId() == null) {
                refused.add(batch.get(i));
            }
        }
        return refused;
    }

    private String detail(OrderEvent event) {
        try {
            return json.writeValueAsString(OrderEventDetail.of(event));
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException(cannotHappen);
        }
    }
}
