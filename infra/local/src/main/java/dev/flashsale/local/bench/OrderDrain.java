package dev.flashsale.local.bench;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.queue.QueuePoller;
import dev.flashsale.local.template.Specs;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Map;

/**
 * The order drain: {@code orders} admitted orders waiting in a queue of their own, then drained by a pool of order
 * containers with the template's event source (batch size, window, maximum concurrency) and reserved
 * concurrency. Only the drain is timed; the queue is filled first with nothing polling it.
 */
final class OrderDrain {

    record Result(long queued, double seconds, double ordersPerSecond, int concurrency, int batchSize,
                  Latency batches) {
    }

    private OrderDrain() {
    }

    static Result run(LocalSystem system, String queueUrl, long queued) throws InterruptedException {
        Specs.QueueSource template = system.template().queueSources(system.cloud().physicalIds()).stream()
                .filter(source -> source.functionId().equals("OrderFunction")).findFirst().orElseThrow();
        Specs.Function order = InProcessFunction.spec(system, "OrderFunction");
        Specs.Function timed = new Specs.Function(order.logicalId(), TimedOrderHandler.class.getName(),
                order.environment(), order.reservedConcurrency(), order.timeoutSeconds());
        SqsClient sqs = system.cloud().sqs();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        TimedOrderHandler.BATCHES.reset();
        long started = System.nanoTime();
        try (FunctionHost host = FunctionHost.start(timed, system.cloud().environmentOf(order));
             QueuePoller poller = new QueuePoller(template, host, sqs, queueUrl, arn)) {
            while (!(poller.inFlight() == 0 && empty(sqs, queueUrl))) {
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Histogram batches = TimedOrderHandler.BATCHES.getIntervalHistogram();
            return new Result(queued, seconds, queued / seconds, poller.concurrency(), template.batchSize(),
                    Latency.of(batches));
        }
    }

    private static boolean empty(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().allMatch("0"::equals);
    }
}
