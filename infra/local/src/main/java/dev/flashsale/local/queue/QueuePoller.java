package dev.flashsale.local.queue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.template.Specs;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lambda's SQS event source, locally: pollers that receive batches (size and window from the template), invoke
 * the function with an {@link SQSEvent}, and delete what succeeded. With {@code ReportBatchItemFailures} only the
 * reported messages stay (they come back after the visibility timeout, then go to the DLQ after
 * {@code maxReceiveCount}); a thrown error keeps the whole batch. At most {@code MaximumConcurrency} (and never
 * more than the function's reserved concurrency) invocations run at once.
 */
public final class QueuePoller implements AutoCloseable {

    private final Specs.QueueSource source;
    private final FunctionHost function;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final List<Thread> pollers = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running = true;
    private volatile DeliveryHook hook = DeliveryHook.NONE;

    public QueuePoller(Specs.QueueSource source, FunctionHost function, SqsClient sqs, String queueUrl, String queueArn) {
        this.source = source;
        this.function = function;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        int concurrency = concurrency(source, function);
        for (int i = 0; i < concurrency; i++) {
            Thread poller = new Thread(this::poll, "sqs-" + source.functionId() + "-" + i);
            poller.setDaemon(true);
            pollers.add(poller);
            poller.start();
        }
    }

    static int concurrency(Specs.QueueSource source, FunctionHost function) {
        int maximum = source.maximumConcurrency() == null ? 5 : source.maximumConcurrency();
        return Math.max(1, Math.min(maximum, function.reservedConcurrency()));
    }

    public int concurrency() {
        return pollers.size();
    }

    public void hook(DeliveryHook hook) {
        this.hook = hook;
    }

    /** Batches being processed right now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void poll() {
        while (running) {
            try {
                if (hook.holding()) {
                    sleep(200);
                    continue;
                }
                List<Message> batch = receiveBatch();
                if (batch.isEmpty()) {
                    continue;
                }
                inFlight.incrementAndGet();
                try {
                    process(batch);
                } finally {
                    inFlight.decrementAndGet();
                }
            } catch (RuntimeException e) {
                if (running) {
                    sleep(500);
                }
            }
        }
    }

    /** Receives up to the batch size, waiting at most the batching window once the first message is in. */
    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEnds = Long.MAX_VALUE;
        while (running && batch.size() < source.batchSize()) {
            int want = Math.min(10, source.batchSize() - batch.size());
            boolean first = batch.isEmpty();
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(want)
                    .waitTimeSeconds(first ? 1 : 0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            batch.addAll(received);
            if (first && !batch.isEmpty()) {
                windowEnds = System.nanoTime() + source.batchWindowSeconds() * 1_000_000_000L;
            }
            if (batch.isEmpty() || System.nanoTime() >= windowEnds) {
                break;
            }
            if (received.isEmpty()) {
                sleep(20);
            }
        }
        return batch;
    }

    private void process(List<Message> batch) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : hook.deliver(batch, queueUrl)) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion("us-east-1");
            records.add(record);
        }
        event.setRecords(records);
        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = (SQSBatchResponse) function.invoke(event);
            // Without ReportBatchItemFailures on the event source, Lambda ignores the response: a return is success.
            if (source.reportsBatchItemFailures() && response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException invocationFailed) {
            return; // the whole batch comes back after the visibility timeout
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (Message message : batch) {
            if (!failed.contains(message.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(deletes.size())).receiptHandle(message.receiptHandle()).build());
            }
        }
        if (!deletes.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread poller : pollers) {
            try {
                poller.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
