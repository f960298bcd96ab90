package dev.flashsale.orders;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flashsale.adapters.sqs.OrderBatch;
import dev.flashsale.adapters.aws.Priming;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;

/**
 * The order function: drains the order queue in batches and writes each order idempotently, reporting only the
 * messages that failed ({@code ReportBatchItemFailures} on the event source).
 */
public class OrderHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    private final OrderBatch batch;

    /** Used by the Lambda runtime: builds the application context from the environment. */
    public OrderHandler() {
        this.batch = getApplicationContext().getBean(OrderBatch.class);
        getApplicationContext().getBean(Priming.class).prime(); // before a SnapStart snapshot
    }

    /** Used by tests and the local runner, which bring their own context. */
    public OrderHandler(ApplicationContext context) {
        super(context);
        this.batch = context.getBean(OrderBatch.class);
        context.getBean(Priming.class).prime();
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return batch.process(event);
    }
}
