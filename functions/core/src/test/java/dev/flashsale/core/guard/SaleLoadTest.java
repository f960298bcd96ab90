package dev.flashsale.core.guard;

import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.fakes.CountingBotSignals;
import dev.flashsale.core.fakes.InMemoryBlocklistStore;
import dev.flashsale.core.fakes.InMemoryChallengeLedger;
import dev.flashsale.core.fakes.InMemoryLoadCounters;
import dev.flashsale.core.fakes.InMemoryRateLimiter;
import dev.flashsale.core.fakes.MovableClock;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static dev.flashsale.core.fakes.Fixtures.openSale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 21, finding 5: "under load" is the sale's, over every container, not one container's. */
class SaleLoadTest {

    private static final SaleLoad.Settings SETTINGS =
            new SaleLoad.Settings(100, 10, Duration.ofMillis(200), Duration.ofSeconds(1));
    private static final Instant SECOND = Instant.ofEpochSecond(NOW.getEpochSecond());

    private final InMemoryLoadCounters counters = new InMemoryLoadCounters();
    private final MovableClock clock = new MovableClock(SECOND);
    private final Sale sale = openSale("busy", 10, new Protection(ChallengeMode.ON_UNDER_LOAD, 1000, 0, 0, 0));

    private List<SaleLoad> containers(int n) {
        List<SaleLoad> containers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            containers.add(new SaleLoad(counters, SETTINGS, new Random(i)));
        }
        return containers;
    }

    /** Each container sees {@code each} requests spread over the second {@link #SECOND}. */
    private static void arrive(List<SaleLoad> containers, int each) {
        for (int i = 0; i < each; i++) {
            for (SaleLoad container : containers) {
                container.arrived("busy", SECOND.plusMillis(i * 1000L / each));
            }
        }
    }

    @Test
    void isUnderLoad_shouldBeTrueInEveryContainer_whenTenContainersEachSeeALittleLoad() {
        // given: 10 containers, 15 requests a second each: 150 together, the limit 100
        List<SaleLoad> containers = containers(10);
        arrive(containers, 15);

        // when: the next second, each container asks (even one that saw nothing there)
        Instant next = SECOND.plusMillis(1100);
        SaleLoad fresh = new SaleLoad(counters, SETTINGS, new Random(99));

        // then
        for (SaleLoad container : containers) {
            assertTrue(container.isUnderLoad("busy", next));
        }
        assertTrue(fresh.isUnderLoad("busy", next));
    }

    @Test
    void isUnderLoad_shouldBeFalse_whenTheSalesRequestsTogetherStayUnderTheLimit() {
        List<SaleLoad> containers = containers(5);
        arrive(containers, 15); // 75 a second

        assertFalse(containers.get(0).isUnderLoad("busy", SECOND.plusMillis(1100)));
        assertFalse(containers.get(0).isUnderLoad("other", SECOND.plusMillis(1100)), "a sale of its own");
    }

    @Test
    void arrived_shouldWriteAFewTimesASecondPerContainer_whateverItsRequestRate() {
        // given: one container at 1,000 requests a second
        SaleLoad container = containers(1).get(0);

        // when
        arrive(List.of(container), 1000);
        container.arrived("busy", SECOND.plusMillis(1000)); // the next second flushes the rest

        // then: every request counted, in at most 6 writes (every 200 ms, and the rest), none on one hot item
        assertEquals(1000L, counters.totals("busy", new long[]{SECOND.getEpochSecond()}, 10)
                .get(SECOND.getEpochSecond()));
        int writes = counters.writes.values().stream().mapToInt(AtomicInteger::get).sum();
        assertTrue(writes <= 7, "writes: " + writes);
    }

    @Test
    void challengeRequired_shouldAskForTheChallenge_whenOtherContainersTogetherPutTheSaleUnderLoad() {
        // given: nine other containers busy with the sale; this one saw one request and its store is fast
        arrive(containers(9), 15); // 135 a second (what each wrote within the 200 ms of its last is not in yet)
        SaleLoad mine = new SaleLoad(counters, SETTINGS, new Random(42));
        mine.arrived("busy", SECOND);
        AdmissionGuard guard = new AdmissionGuard(new Blocklist(new InMemoryBlocklistStore(), clock, Duration.ZERO),
                new InMemoryRateLimiter(), new CountingBotSignals(),
                new Challenges(new KeyedHash("k".repeat(32).getBytes(StandardCharsets.UTF_8)),
                        new InMemoryChallengeLedger(), new Random(1)),
                new LoadShedder(100, 1000, () -> 0L), mine, clock, new AdmissionGuard.AutoBlock(10,
                Duration.ofMinutes(15)));

        // when
        clock.advance(Duration.ofMillis(1100));

        // then
        assertTrue(guard.challengeRequired(sale));
        assertTrue(guard.isUnderLoad(sale));
    }
}
