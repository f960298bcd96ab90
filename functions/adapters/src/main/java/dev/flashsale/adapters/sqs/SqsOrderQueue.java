package dev.flashsale.adapters.sqs;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.purchase.Reservation;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The order queue on SQS: one message per reservation, the order id as an attribute for tracing. */
@Singleton
public class SqsOrderQueue implements OrderQueue {

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
}
