package dev.flashsale.adapters.sqs;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.purchase.Reservation;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The order queue on SQS: one message per reservation, the order id as an attribute for tracing. */
@Singleton
public class SqsOrderQueue implements OrderQueue {

    /** Waiting, received and not yet deleted, and delayed: a message in any of them is an order not yet written. */
    private static final List<QueueAttributeName> BACKLOG = List.of(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

    private final SqsClient sqs;
    private final JsonMapper json;
    private final String queueUrl;

    public SqsOrderQueue(SqsClient sqs, JsonMapper json, FlashsaleSettings settings) {
        this.sqs = sqs;
        this.json = json;
        this.queueUrl = settings.getOrderQueueUrl();
    }

    @Override
    public void enqueue(Reservation reservation) {
        String body;
        try {
            body = new String(json.writeValueAsBytes(ReservationMessage.of(reservation)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(body)
                .messageAttributes(Map.of("orderId", MessageAttributeValue.builder()
                        .dataType("String").stringValue(reservation.orderId()).build())));
    }

    /**
     * SQS's counts are approximate (they may trail a send by a little): a caller that must be sure reads "empty"
     * twice, some seconds apart (see the Redis ledger's restore).
     */
    @Override
    public boolean isEmpty() {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(BACKLOG)).attributes();
        return BACKLOG.stream().allMatch(name -> "0".equals(counts.getOrDefault(name, "0")));
    }
}
