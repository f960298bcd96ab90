package dev.flashsale.core.deadletter;

import java.time.Instant;

/**
 * A message the order function failed on as many times as the queue allows, parked in the dead-letter queue.
 * Only what an operator needs to find it: never the shopper's id.
 */
public record DeadLetter(String messageId, String orderId, String saleId, Instant sentAt, int receives) {
}
