package dev.flashsale.local.gateway;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    @Test
    void tryTake_shouldAllowTheBurstThenRefuse_whenNoTimePasses() {
        TokenBucket bucket = new TokenBucket(10, 3);
        long now = System.nanoTime();

        assertTrue(bucket.tryTake(now));
        assertTrue(bucket.tryTake(now));
        assertTrue(bucket.tryTake(now));
        assertFalse(bucket.tryTake(now));
    }

    @Test
    void tryTake_shouldRefillAtTheRate_whenTimePasses() {
        TokenBucket bucket = new TokenBucket(10, 1);
        long now = System.nanoTime();
        assertTrue(bucket.tryTake(now));
        assertFalse(bucket.tryTake(now + 50_000_000L)); // half a token after 50 ms

        assertTrue(bucket.tryTake(now + 100_000_000L)); // a whole token after 100 ms
    }

    @Test
    void secondsUntilNextToken_shouldRoundUpToWholeSeconds_whenEmpty() {
        TokenBucket bucket = new TokenBucket(0.5, 1);
        long now = System.nanoTime();
        bucket.tryTake(now);

        assertEquals(2, bucket.secondsUntilNextToken(now));
    }
}
