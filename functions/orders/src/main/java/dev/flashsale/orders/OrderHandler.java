package dev.flashsale.orders;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flashsale.adapters.wiring.Priming;
import dev.flashsale.adapters.sqs.ReservationMessage;
import dev.flashsale.adapters.wiring.FunctionHandler;
import io.micronaut.context.ApplicationContext;

/**
 * The order function: drains the order queue in batches and writes each order idempotently, reporting only the
 * messages that failed ({@code ReportBatchItemFailures} on the event source).
 */
public class OrderHandler extends FunctionHandler<SQSEvent, SQSBatchResponse> {

    /** The message every invocation reads, primed before a snapshot. */
    private static final Priming.JsonSample RESERVATION = new Priming.JsonSample(ReservationMessage.class,
            "{\"version\":1,\"orderId\":\"priming\",\"saleId\":\"priming\",\"userId\":\"priming\","
                    + "\"quantity\":1,\"shard\":0,\"reservedAt\":\"2026-01-01T00:00:00Z\"}");

    private final OrderBatch batch;

    /** Used by the Lambda runtime: builds the application context from the environment. */
    public OrderHandler() {
        this.batch = bean(OrderBatch.class);
        prime(RESERVATION); // before a SnapStart snapshot
    }

    /** Used by tests and the local runner, which bring their own context. */
    public OrderHandler(ApplicationContext context) {
        super(context);
        this.batch = bean(OrderBatch.class);
        prime(RESERVATION);
    }

    @Override
    protected SQSBatchResponse handle(SQSEvent event) {
        return batch.process(event);
    }
}
