package dev.flashsale.adapters.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flashsale.core.order.OrderWriter;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the orders of one SQS batch. Each message stands alone: a failure is reported by its message id
 * (partial batch failure), so only that message returns to the queue, and after {@code maxReceiveCount}
 * receives a poison message lands in the DLQ instead of blocking its batch forever.
 */
@Singleton
public class OrderBatch {

    private static final Logger LOG = LoggerFactory.getLogger(OrderBatch.class);

    private final OrderWriter writer;
    private final JsonMapper json;

    public OrderBatch(OrderWriter writer, JsonMapper json) {
        this.writer = writer;
        this.json = json;
    }

    public SQSBatchResponse process(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            try {
                ReservationMessage body = json.readValue(
                        message.getBody().getBytes(StandardCharsets.UTF_8), ReservationMessage.class);
                writer.write(body.toReservation());
            } catch (Exception failure) {
                // Message id and failure type only: the body holds a user id.
                LOG.warn("order message {} failed: {}", message.getMessageId(), failure.getClass().getSimpleName());
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
