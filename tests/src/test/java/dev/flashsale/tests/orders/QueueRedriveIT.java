package dev.flashsale.tests.orders;

import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import dev.flashsale.tests.LocalCloudFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order queue as the template defines it, on the real SQS server: a message that keeps failing goes to the DLQ. */
@AwsFacing
@Tag(AwsTarget.TAG)
class QueueRedriveIT {

    @Test
    void orderQueue_shouldRedriveToTheDeadLetterQueue_whenAMessageIsReceivedMaxReceiveCountTimes() throws Exception {
        // given: the template's queues, and a message no consumer ever deletes
        LocalCloud cloud = LocalCloudFixture.cloud();
        String queueUrl = cloud.queueUrl("OrderQueue");
        String deadLetterUrl = cloud.queueUrl("OrderDeadLetterQueue");
        Map<QueueAttributeName, String> attributes = cloud.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        String deadLetterArn = cloud.sqs().getQueueAttributes(b -> b.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY).replace(" ", "");
        assertTrue(redrive.contains("\"deadLetterTargetArn\":\"" + deadLetterArn + "\""), redrive);
        assertTrue(redrive.matches(".*\"maxReceiveCount\":\"?5\"?.*"), redrive);
        assertEquals("180", attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        String body = "{\"poison\":\"" + UUID.randomUUID() + "\"}";
        cloud.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));

        // when: received and never deleted (a consumer that fails every time), made visible again at once
        int receipts = 0;
        for (int attempt = 0; attempt < 40 && receipts < 6; attempt++) {
            List<Message> messages = cloud.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(0).waitTimeSeconds(0)).messages();
            receipts += (int) messages.stream().filter(m -> m.body().equals(body)).count();
        }

        // then: delivered exactly maxReceiveCount times, then found in the dead-letter queue
        assertEquals(5, receipts);
        boolean deadLettered = false;
        for (int attempt = 0; attempt < 10 && !deadLettered; attempt++) {
            for (Message m : cloud.sqs().receiveMessage(b -> b.queueUrl(deadLetterUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                if (m.body().equals(body)) {
                    deadLettered = true;
                    cloud.sqs().deleteMessage(b -> b.queueUrl(deadLetterUrl).receiptHandle(m.receiptHandle()));
                }
            }
        }
        assertTrue(deadLettered, "the message is in the dead-letter queue");
    }
}
