package dev.flashsale.orders;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flashsale.adapters.observability.JsonLines;
import dev.flashsale.adapters.sqs.ReservationMessage;
import dev.flashsale.core.order.OrderWriter;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the orders of one SQS batch. Each message stands alone: a failure is reported by its message id
 * (partial batch failure), so only that message returns to the queue, and after {@code maxReceiveCount}
 * receives a poison message lands in the DLQ instead of blocking its batch forever.
 */
@Singleton
public class OrderBatch {

    private final OrderWriter writer;
    private final JsonMapper json;
    private final JsonLines lines;

    public OrderBatch(OrderWriter writer, JsonMapper json, JsonLines lines) {
        this.writer = writer;
        this.json = json;
        this.lines = lines;
    }

    public SQSBatchResponse process(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        int confirmed = 0;
        int rejected = 0;
        for (SQSEvent.SQSMessage message : records) {
            String orderId = "?";
            try {
                ReservationMessage body = json.readValue(
                        message.getBody().getBytes(StandardCharsets.UTF_8), ReservationMessage.class);
                orderId = String.valueOf(body.orderId());
                if (writer.write(body.toReservation()).status().holdsUnits()) {
                    confirmed++;
                } else {
                    rejected++;
                }
            } catch (Exception failure) {
                // Ids and the failure's type only: the body holds a user id, an exception's text may too.
                lines.log("WARN", "order-message-failed", Map.of("messageId", String.valueOf(message.getMessageId()),
                        "orderId", orderId, "error", failure.getClass().getSimpleName()));
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            }
        }
        metrics(confirmed, rejected, failures.size());
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** One embedded-metric-format line per batch: the order stage's confirmed, rejected and failed messages. */
    private void metrics(int confirmed, int rejected, int failed) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", JsonLines.metricsBlock(List.of("Service"), List.of("Confirmed", "Rejected", "Failed")));
        line.put("Service", "orders");
        line.put("Confirmed", confirmed);
        line.put("Rejected", rejected);
        line.put("Failed", failed);
        lines.write(line);
    }
}
