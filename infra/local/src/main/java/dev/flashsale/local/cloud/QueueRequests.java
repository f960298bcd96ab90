package dev.flashsale.local.cloud;

import dev.flashsale.local.template.Specs;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.flashsale.local.JsonText.quote;

/** A template queue as SQS API attributes, for the embedded server and an AWS emulator alike. */
final class QueueRequests {

    private QueueRequests() {
    }

    /** Dead-letter queues first: a redrive policy names its target's ARN, which must exist by then. */
    static List<Specs.Queue> deadLettersFirst(List<Specs.Queue> queues) {
        List<Specs.Queue> ordered = new ArrayList<>(queues);
        ordered.sort((a, b) -> Boolean.compare(a.deadLetterQueueId() != null, b.deadLetterQueueId() != null));
        return ordered;
    }

    /** The queue's visibility timeout and redrive policy; {@code arnOf}: a dead-letter queue's ARN by logical id. */
    static Map<QueueAttributeName, String> attributes(Specs.Queue queue, Function<String, String> arnOf) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
        if (queue.deadLetterQueueId() != null) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":"
                    + quote(arnOf.apply(queue.deadLetterQueueId())) + ",\"maxReceiveCount\":\""
                    + queue.maxReceiveCount() + "\"}");
        }
        return attributes;
    }
}
