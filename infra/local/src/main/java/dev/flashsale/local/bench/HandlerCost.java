package dev.flashsale.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import org.HdrHistogram.Histogram;

import java.util.function.IntFunction;

/**
 * In-handler cost: one container's handler invoked directly, one call at a time, after a warm-up; each call
 * timed (the duration Lambda bills). The answers are checked, so a broken path cannot pass for a fast one.
 */
final class HandlerCost {

    private HandlerCost() {
    }

    static Latency time(InProcessFunction function, int warmUp, int calls, IntFunction<Object> event,
                        int expectedStatus) {
        for (int i = 0; i < warmUp; i++) {
            check(function.invoke(event.apply(-1 - i)), expectedStatus);
        }
        Histogram histogram = Latency.newHistogram();
        for (int i = 0; i < calls; i++) {
            Object request = event.apply(i);
            long started = System.nanoTime();
            Object response = function.invoke(request);
            histogram.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
            check(response, expectedStatus);
        }
        return Latency.of(histogram);
    }

    static ScheduledEvent tick() {
        ScheduledEvent event = new ScheduledEvent();
        event.setSource("aws.events");
        event.setDetailType("Scheduled Event");
        return event;
    }

    private static void check(Object response, int expectedStatus) {
        if (expectedStatus > 0 && response instanceof APIGatewayProxyResponseEvent api
                && api.getStatusCode() != expectedStatus) {
            throw new IllegalStateException("expected HTTP " + expectedStatus + ", got " + api.getStatusCode()
                    + ": " + api.getBody());
        }
    }
}
