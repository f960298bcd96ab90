package dev.flashsale.local.queue;

import software.amazon.awssdk.services.sqs.model.Message;

import java.util.List;

/** May hold an event source's polling or change what a batch delivers (the fault injector). */
public interface DeliveryHook {

    DeliveryHook NONE = new DeliveryHook() {
        @Override
        public boolean holding() {
            return false;
        }

        @Override
        public List<Message> deliver(List<Message> batch, String queueUrl) {
            return batch;
        }
    };

    /** True while the event source must not receive (its consumers are down). */
    boolean holding();

    /** The messages to hand the function, in the order to hand them. */
    List<Message> deliver(List<Message> batch, String queueUrl);
}
