package dev.flashsale.core.purchase;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoldOutMemoryTest {

    private final Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private final SoldOutMemory memory = new SoldOutMemory(Duration.ofSeconds(1));

    @Test
    void isSoldOut_shouldBeTrue_whenRememberedWithinHoldTime() {
        memory.remember("s", now);

        assertTrue(memory.isSoldOut("s", now.plusMillis(999)));
        assertFalse(memory.isSoldOut("other", now));
    }

    @Test
    void isSoldOut_shouldBeFalse_whenHoldTimeHasPassed() {
        memory.remember("s", now);

        assertFalse(memory.isSoldOut("s", now.plusSeconds(1)));
    }

    @Test
    void isSoldOut_shouldBeFalse_whenForgottenAfterARelease() {
        memory.remember("s", now);
        memory.forget("s");

        assertFalse(memory.isSoldOut("s", now));
    }
}
