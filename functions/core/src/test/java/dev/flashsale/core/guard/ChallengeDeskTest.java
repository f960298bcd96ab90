package dev.flashsale.core.guard;

import dev.flashsale.core.challenge.Challenge;
import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.fakes.CountingBotSignals;
import dev.flashsale.core.fakes.InMemoryBlocklistStore;
import dev.flashsale.core.fakes.InMemoryChallengeLedger;
import dev.flashsale.core.fakes.InMemoryRateLimiter;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.RecordingAdmissionEvents;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.sale.ChallengeKind;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChallengeDeskTest {

    private static final KeyedHash KEYED_HASH =
            new KeyedHash("0123456789abcdef0123456789abcdef-desk".getBytes(StandardCharsets.UTF_8));
    private final Instant opening = Instant.parse("2026-11-26T10:00:00Z");

    private ChallengeDesk desk(Sale sale, Instant now, LoadShedder shedder) {
        Challenges challenges = new Challenges(KEYED_HASH, new InMemoryChallengeLedger(), new Random(3));
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        AdmissionGuard guard = new AdmissionGuard(new Blocklist(new InMemoryBlocklistStore(), clock,
                Duration.ofSeconds(5)), new InMemoryRateLimiter(), new CountingBotSignals(), challenges, shedder,
                new AdmissionGuard.AutoBlock(10, Duration.ofMinutes(15)));
        return new ChallengeDesk(new InMemorySaleCatalog(sale), challenges, guard, new RecordingAdmissionEvents(),
                clock, new JitterGate(KEYED_HASH));
    }

    private Sale sale(Protection protection) {
        return new Sale("s1", "Sale", 10, opening, opening.plusSeconds(3600), 1, 1, protection);
    }

    @Test
    void issue_shouldRefuse_whenAskedAnyTimeBeforeTheOpening() {
        // Issue 21, finding 2: a challenge handed out 3 s early was already "slow enough" at the opening.
        Sale sale = sale(Protection.DEFAULTS);

        ChallengeDesk.Issued early = desk(sale, opening.minusSeconds(8), new LoadShedder(100, 1000))
                .issue("s1", "hoarder", "203.0.113.1");
        ChallengeDesk.Issued justBefore = desk(sale, opening.minusMillis(1), new LoadShedder(100, 1000))
                .issue("s1", "early-script", "203.0.113.2");
        ChallengeDesk.Issued atOpening = desk(sale, opening, new LoadShedder(100, 1000))
                .issue("s1", "shopper", "203.0.113.3");

        assertNull(early.challenge());
        assertEquals(Refusal.SALE_NOT_OPEN, early.refused().refusal());
        assertTrue(early.refused().retryAfterSeconds() >= 8, "told when to come back");
        assertNull(justBefore.challenge(), "not even a moment early");
        assertEquals(Refusal.SALE_NOT_OPEN, justBefore.refused().refusal());
        assertNotNull(atOpening.challenge());
        assertEquals(opening, atOpening.challenge().issuedAt());
    }

    @Test
    void issue_shouldWaitForTheShoppersOwnStart_whenTheSaleHasJitter() {
        Sale sale = sale(new Protection(ChallengeMode.ON, 1000, 0, 0, 60_000));
        JitterGate jitter = new JitterGate(KEYED_HASH);
        String late = null;
        for (int i = 0; late == null; i++) { // a shopper whose own start is well after the opening
            if (jitter.waitMillis(sale, "u" + i) > 20_000) {
                late = "u" + i;
            }
        }
        Instant ownStart = jitter.buyableAt(sale, late);

        ChallengeDesk.Issued atOpening = desk(sale, opening.plusSeconds(1), new LoadShedder(100, 1000))
                .issue("s1", late, "203.0.113.3");
        ChallengeDesk.Issued justBeforeOwnStart = desk(sale, ownStart.minusMillis(1), new LoadShedder(100, 1000))
                .issue("s1", late, "203.0.113.3");
        ChallengeDesk.Issued atOwnStart = desk(sale, ownStart, new LoadShedder(100, 1000))
                .issue("s1", late, "203.0.113.3");

        assertEquals(Refusal.SALE_NOT_OPEN, atOpening.refused().refusal(), "not before the shopper's own start");
        assertEquals(Refusal.SALE_NOT_OPEN, justBeforeOwnStart.refused().refusal(), "not even a moment before it");
        assertNotNull(atOwnStart.challenge());
    }

    @Test
    void issue_shouldRaiseTheWork_whenTheContainerIsUnderLoad() {
        Sale sale = sale(new Protection(ChallengeMode.ON, 1000, 0, 0, 0, ChallengeKind.PROOF_OF_WORK, 14));
        LoadShedder idle = new LoadShedder(100, 1000);
        LoadShedder busy = new LoadShedder(100, 1000);
        for (int i = 0; i < 60; i++) {
            busy.tryStart(); // past half its in-flight limit
        }

        Challenge normal = desk(sale, opening.plusSeconds(1), idle).issue("s1", "u1", "203.0.113.4").challenge();
        Challenge harder = desk(sale, opening.plusSeconds(1), busy).issue("s1", "u1", "203.0.113.4").challenge();

        assertEquals(ChallengeKind.PROOF_OF_WORK, normal.kind());
        assertEquals(14, normal.difficulty());
        assertEquals(14 + ChallengeDesk.UNDER_LOAD_EXTRA_BITS, harder.difficulty());
    }
}
