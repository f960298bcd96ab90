package dev.flashsale.local.faults;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FaultProxyTest {

    @Test
    void operation_shouldReadTheTarget_whenJsonProtocol() {
        assertEquals("UpdateItem", FaultProxy.operation("DynamoDB_20120810.UpdateItem", "{}"));
        assertEquals("SendMessage", FaultProxy.operation("AmazonSQS.SendMessage", "{}"));
    }

    @Test
    void operation_shouldReadTheAction_whenQueryProtocol() {
        assertEquals("SendMessageBatch", FaultProxy.operation(null, "Action=SendMessageBatch&Version=2012-11-05"));
    }
}
