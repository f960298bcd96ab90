package dev.flashsale.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flashsale.orders.OrderHandler;
import io.micronaut.context.ApplicationContext;
import org.HdrHistogram.Recorder;

/**
 * The order function's handler with a stopwatch around it, for the order drain: the bench's pool of order
 * containers loads this class instead of {@link OrderHandler}, so every batch's in-handler duration is recorded.
 */
public final class TimedOrderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    static final Recorder BATCHES = new Recorder(3);

    private final OrderHandler handler;

    public TimedOrderHandler(ApplicationContext context) {
        this.handler = new OrderHandler(context);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        long started = System.nanoTime();
        try {
            return handler.handleRequest(event, context);
        } finally {
            BATCHES.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
        }
    }
}
