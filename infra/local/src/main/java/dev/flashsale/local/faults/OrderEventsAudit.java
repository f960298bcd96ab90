package dev.flashsale.local.faults;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a shop subscribed to the order events received for one sale: every message of the example rule's queue
 * ({@code OrderEventsQueue}) read and deleted, deduplicated by {@code detail.eventId}, against the statuses the
 * orders table shows each order went through (its status, and {@code CONFIRMED} before {@code PAID} or
 * {@code EXPIRED}). Nothing missing and nothing extra is the promise: at least once, each status change.
 */
public final class OrderEventsAudit {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    /** Events expected and received (distinct ids), deliveries (duplicates included), the ids missing and extra. */
    public record Result(int expected, int distinct, int deliveries, Set<String> missing, Set<String> unexpected,
                         Map<String, Integer> byStatus) {

        public boolean complete() {
            return missing.isEmpty() && unexpected.isEmpty();
        }

        public String toJson() {
            StringBuilder statuses = new StringBuilder("{");
            byStatus.forEach((status, count) -> statuses.append(statuses.length() > 1 ? "," : "").append('"')
                    .append(status).append("\":").append(count));
            return "{\"expected\":" + expected + ",\"distinct\":" + distinct + ",\"deliveries\":" + deliveries
                    + ",\"missing\":" + missing.size() + ",\"unexpected\":" + unexpected.size()
                    + ",\"byStatus\":" + statuses.append('}') + ",\"firstMissing\":"
                    + (missing.isEmpty() ? "null" : "\"" + missing.iterator().next() + "\"") + "}";
        }
    }

    private final DynamoDbClient dynamo;
    private final String ordersTable;
    private final SqsClient sqs;
    private final String queueUrl;
    /** Every delivery read so far, by event id (several sales may share the queue). */
    private final Map<String, Map<String, Integer>> deliveriesBySale = new HashMap<>();

    public OrderEventsAudit(DynamoDbClient dynamo, String ordersTable, SqsClient sqs, String queueUrl) {
        this.dynamo = dynamo;
        this.ordersTable = ordersTable;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public synchronized Result audit(String saleId) {
        drainQueue();
        Set<String> expected = new TreeSet<>();
        dynamo.scanPaginator(b -> b.tableName(ordersTable).consistentRead(true)).items().forEach(item -> {
            if (saleId.equals(text(item, "saleId"))) {
                String orderId = text(item, "orderId");
                String status = text(item, "status");
                if (!"PENDING".equals(status)) {
                    expected.add(orderId + ":" + status);
                }
                if ("PAID".equals(status) || "EXPIRED".equals(status)) {
                    expected.add(orderId + ":CONFIRMED");
                }
            }
        });
        Map<String, Integer> received = deliveriesBySale.getOrDefault(saleId, Map.of());
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(received.keySet());
        Set<String> unexpected = new TreeSet<>(received.keySet());
        unexpected.removeAll(expected);
        Map<String, Integer> byStatus = new java.util.TreeMap<>();
        received.keySet().forEach(id -> byStatus.merge(id.substring(id.lastIndexOf(':') + 1), 1, Integer::sum));
        int deliveries = received.values().stream().mapToInt(Integer::intValue).sum();
        return new Result(expected.size(), received.size(), deliveries, missing, unexpected, byStatus);
    }

    private void drainQueue() {
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                return;
            }
            for (Message message : messages) {
                Map<String, Object> detail = detail(message.body());
                if (detail != null && detail.get("eventId") != null) {
                    deliveriesBySale.computeIfAbsent(String.valueOf(detail.get("saleId")), s -> new HashMap<>())
                            .merge(String.valueOf(detail.get("eventId")), 1, Integer::sum);
                }
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** The event's {@code detail}; null when the body is not an EventBridge event. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> detail(String body) {
        try {
            Map<String, Object> event = JSON.readValue(body.getBytes(StandardCharsets.UTF_8),
                    Argument.mapOf(String.class, Object.class));
            return event.get("detail") instanceof Map<?, ?> detail ? (Map<String, Object>) detail : null;
        } catch (IOException | RuntimeException notAnEvent) {
            return null;
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
