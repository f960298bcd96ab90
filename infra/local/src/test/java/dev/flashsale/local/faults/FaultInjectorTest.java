package dev.flashsale.local.faults;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timed faults of a run meet the sale whatever its pace: a sale whose every purchase comes within the same
 * millisecond still has its sends fail and its store paused, in that order.
 */
class FaultInjectorTest {

    private static final int STOCK = 100;

    /** The stack the injector acts on: it only notes the pause. */
    private static final class NotedStack implements FaultInjector.Stack {
        final List<Boolean> pauses = new ArrayList<>();
        final CountDownLatch paused = new CountDownLatch(1);

        @Override
        public synchronized void pauseStore(boolean pause) {
            pauses.add(pause);
            if (pause) {
                paused.countDown();
            }
        }

        @Override
        public void restartCacheEmpty() {
        }

        @Override
        public SqsClient sqs() {
            return null;
        }
    }

    private static APIGatewayProxyRequestEvent purchase() {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/api/sales/s1/purchases");
    }

    @Test
    void refuseQueue_shouldFailSends_whenTheWholeSaleComesAtOnce() throws Exception {
        // given: a throttle, send failures and a pause; the stack noted
        NotedStack stack = new NotedStack();
        try (FaultInjector injector = new FaultInjector(
                EnumSet.of(Fault.STORE_THROTTLE, Fault.QUEUE_SEND_FAILURE, Fault.STORE_PAUSE), STOCK)) {
            injector.start("http://127.0.0.1:1", "http://127.0.0.1:2", stack);

            // when: a fifth of the stock is bought at once, each purchase sending its order
            int refused = 0;
            for (int purchase = 1; purchase <= STOCK / 5 + 10; purchase++) {
                injector.begin(FaultInjector.ADMISSION, purchase());
                injector.end(FaultInjector.ADMISSION);
                if (injector.refuseQueue("SendMessage") != null) {
                    refused++;
                }
            }

            // then: the sends failed, counted, and the pause came after them
            assertEquals(Math.max(FaultInjector.MIN_SEND_FAILURES, STOCK / 20), refused, "sends refused");
            assertEquals(Long.valueOf(refused), injector.fired().get("queue-send-failure"));
            assertNull(injector.refuseQueue("SendMessage"), "the failures end once counted");
            assertNull(injector.refuseQueue("ReceiveMessage"), "only sends fail");
            for (int purchase = 0; purchase < STOCK / 4; purchase++) {
                injector.begin(FaultInjector.ADMISSION, purchase());
                injector.end(FaultInjector.ADMISSION);
            }
            assertTrue(stack.paused.await(30, TimeUnit.SECONDS), "the store pause started");
            assertNotNull(injector.fired().get("store-pause"));
        }
    }

    @Test
    void unfired_shouldNameTheFaultsThatNeverFired_soTheReportFails() {
        // given: a run that named two faults, one of which fired
        java.util.Map<String, Long> fired = java.util.Map.of("store-throttle", 4L);

        // when
        List<String> unfired = new FaultReport(null, java.util.Set.of("store-throttle", "queue-send-failure"), fired,
                0, 0, 0, null).unfired();

        // then
        assertEquals(List.of("queue-send-failure"), unfired);
    }
}
