package dev.flashsale.adapters.sqs;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.deadletter.DeadLetter;
import dev.flashsale.core.port.DeadLetters;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter queue on SQS. Listing receives the messages out of sight for a moment and makes them visible
 * again at once; redriving sends each body (with its attributes) to the order queue, then deletes it from the
 * dead-letter queue. A crash between the two leaves the message in both: the order writer's idempotency makes
 * that one order.
 */
@Singleton
public class SqsDeadLetters implements DeadLetters {

    private static final int HIDE_SECONDS = 30;

    private final SqsClient sqs;
    private final JsonMapper json;
    private final String deadLetterQueueUrl;
    private final String orderQueueUrl;

    public SqsDeadLetters(SqsClient sqs, JsonMapper json, FlashsaleSettings settings) {
        this.sqs = sqs;
        this.json = json;
        this.deadLetterQueueUrl = settings.getDeadLetterQueueUrl();
        this.orderQueueUrl = settings.getOrderQueueUrl();
    }

    private String dlq() {
        if (deadLetterQueueUrl == null || deadLetterQueueUrl.isBlank()) {
            throw new IllegalStateException("FLASHSALE_DEAD_LETTER_QUEUE_URL is not set for this function");
        }
        return deadLetterQueueUrl;
    }

    @Override
    public long count() {
        String visible = sqs.getQueueAttributes(b -> b.queueUrl(dlq())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return visible == null ? 0 : Long.parseLong(visible);
    }

    @Override
    public List<DeadLetter> list(int max) {
        Map<String, Message> seen = new LinkedHashMap<>();
        try {
            while (seen.size() < max) {
                List<Message> batch = receive(Math.min(10, max - seen.size()));
                if (batch.isEmpty()) {
                    break;
                }
                batch.forEach(message -> seen.putIfAbsent(message.messageId(), message));
            }
        } finally {
            showAgain(new ArrayList<>(seen.values()));
        }
        return seen.values().stream().map(this::toDeadLetter).toList();
    }

    @Override
    public int redrive(int max) {
        int moved = 0;
        while (moved < max) {
            List<Message> batch = receive(Math.min(10, max - moved));
            if (batch.isEmpty()) {
                break;
            }
            for (Message message : batch) {
                sqs.sendMessage(b -> b.queueUrl(orderQueueUrl).messageBody(message.body())
                        .messageAttributes(message.messageAttributes()));
                sqs.deleteMessage(b -> b.queueUrl(dlq()).receiptHandle(message.receiptHandle()));
                moved++;
            }
        }
        return moved;
    }

    private List<Message> receive(int max) {
        return sqs.receiveMessage(b -> b.queueUrl(dlq())
                .maxNumberOfMessages(max)
                .visibilityTimeout(HIDE_SECONDS)
                .waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.SENT_TIMESTAMP)
                .messageAttributeNames("All")).messages();
    }

    private void showAgain(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : messages.subList(from, Math.min(messages.size(), from + 10))) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .receiptHandle(message.receiptHandle()).visibilityTimeout(0).build());
            }
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(dlq()).entries(entries));
        }
    }

    private DeadLetter toDeadLetter(Message message) {
        String orderId = null;
        String saleId = null;
        try {
            ReservationMessage body = json.readValue(message.body().getBytes(StandardCharsets.UTF_8),
                    ReservationMessage.class);
            orderId = body.orderId();
            saleId = body.saleId();
        } catch (Exception notAReservation) {
            // shown without ids: a message the order function could not even read
        }
        Map<MessageSystemAttributeName, String> attributes = message.attributes();
        String sent = attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        String receives = attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return new DeadLetter(message.messageId(), orderId, saleId,
                sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)),
                receives == null ? 0 : Integer.parseInt(receives));
    }
}
