package dev.flashsale.core.guard;

import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JitterGateTest {

    private final JitterGate gate = new JitterGate(
            new KeyedHash("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    private final Instant start = Instant.parse("2026-11-26T10:00:00Z");

    private Sale sale(int jitterMillis) {
        return new Sale("s", "S", 10, start, start.plusSeconds(3600), 1, 1,
                new Protection(ChallengeMode.OFF, 0, 0, 0, jitterMillis));
    }

    @Test
    void waitMillis_shouldSpreadShoppersOverTheJitterWindow_whenJitterIsSet() {
        Sale sale = sale(5000);
        Set<Long> seconds = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long wait = gate.waitMillis(sale, "user-" + i);
            assertTrue(wait >= 0 && wait <= 5000, Long.toString(wait));
            seconds.add(wait / 1000);
        }
        assertTrue(seconds.containsAll(Set.of(0L, 1L, 2L, 3L, 4L)), "every second of the window gets shoppers: " + seconds);
    }

    @Test
    void waitMillis_shouldBeTheSameOnEveryRequest_forOneShopper() {
        Sale sale = sale(5000);

        assertEquals(gate.waitMillis(sale, "u1"), gate.waitMillis(sale, "u1"));
        assertEquals(start.plusMillis(gate.waitMillis(sale, "u1")), gate.buyableAt(sale, "u1"));
    }

    @Test
    void waitMillis_shouldBeZero_whenTheSaleHasNoJitter() {
        assertEquals(0, gate.waitMillis(sale(0), "u1"));
    }
}
