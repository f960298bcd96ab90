package dev.flashsale.adapters.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 21, finding 6: the origin secret rotates, and both its values pass while CloudFront's edges catch up. */
class OriginSecretTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicReference<String> stored = new AtomicReference<>();
    private final AtomicInteger reads = new AtomicInteger();

    private OriginSecret secret(String value) {
        stored.set(value);
        return new OriginSecret(() -> {
            reads.incrementAndGet();
            return Optional.ofNullable(stored.get());
        }, nanos::get);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void isPresentIn_shouldAcceptCurrentAndPrevious_whenTheSecretIsJson() {
        // given
        OriginSecret secret = secret("{\"current\":\"new-value\",\"previous\":\"old-value\"}");

        // then
        assertTrue(secret.isPresentIn("new-value"));
        assertTrue(secret.isPresentIn("old-value"));
        assertFalse(secret.isPresentIn("other-value"));
        assertFalse(secret.isPresentIn(null));
        assertFalse(secret.isPresentIn("{\"current\":\"new-value\",\"previous\":\"old-value\"}"), "the JSON itself");
    }

    @Test
    void isPresentIn_shouldAcceptTheWholeString_whenTheSecretIsAPlainValueOfAStackDeployedBefore() {
        // given
        OriginSecret secret = secret("plainValueOfAnOlderStack");

        // then
        assertTrue(secret.isPresentIn("plainValueOfAnOlderStack"));
        assertFalse(secret.isPresentIn("plainValue"));
    }

    @Test
    void isPresentIn_shouldAcceptOnlyCurrent_whenTheSecretHasNoPreviousYet() {
        OriginSecret secret = secret("{\"current\":\"only-value\"}");

        assertTrue(secret.isPresentIn("only-value"));
        assertFalse(secret.isPresentIn(""));
    }

    @Test
    void isPresentIn_shouldTakeARotatedValue_onceTheRefreshIntervalHasPassed_andNotBefore() {
        // given: a container that read the secret before the rotation
        OriginSecret secret = secret("{\"current\":\"first\"}");
        stored.set("{\"current\":\"second\",\"previous\":\"first\"}");

        // when / then: within the interval the container keeps what it read (one read only)
        advance(OriginSecret.REFRESH.minusSeconds(1));
        assertFalse(secret.isPresentIn("second"));
        assertEquals(1, reads.get());

        // when / then: after it, the next request re-reads, and both values pass
        advance(Duration.ofSeconds(1));
        assertTrue(secret.isPresentIn("second"));
        assertTrue(secret.isPresentIn("first"));
        assertEquals(2, reads.get(), "one read per interval, not per request");

        // when / then: the rotation's end drops the old value at the next refresh
        stored.set("{\"current\":\"third\",\"previous\":\"second\"}");
        advance(OriginSecret.REFRESH);
        assertFalse(secret.isPresentIn("first"));
        assertTrue(secret.isPresentIn("third"));
    }

    @Test
    void isPresentIn_shouldKeepTheValuesReadBefore_whenARefreshFails() {
        // given
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        stored.set("{\"current\":\"kept\"}");
        OriginSecret secret = new OriginSecret(() -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return Optional.of(stored.get());
        }, nanos::get);
        failure.set(new IllegalStateException("Secrets Manager unreachable"));

        // when
        advance(OriginSecret.REFRESH);

        // then: CloudFront's requests still pass
        assertTrue(secret.isPresentIn("kept"));
    }

    @Test
    void constructor_shouldRefuseJsonWithoutCurrent() {
        assertThrows(IllegalArgumentException.class, () -> secret("{\"previous\":\"x\"}"));
    }

    @Test
    void isConfigured_shouldBeFalse_whenThereIsNoSecret() {
        OriginSecret none = new OriginSecret(Optional.empty());

        assertFalse(none.isConfigured());
        assertFalse(none.isPresentIn("anything"));
    }
}
