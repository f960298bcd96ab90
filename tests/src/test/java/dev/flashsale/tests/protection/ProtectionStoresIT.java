package dev.flashsale.tests.protection;

import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.port.BlocklistStore;
import dev.flashsale.core.port.BotSignals;
import dev.flashsale.core.port.ChallengeLedger;
import dev.flashsale.core.port.RateLimiter;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import dev.flashsale.tests.LocalCloudFixture;
import dev.flashsale.tests.faults.StoreFaults;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared protection state, on both backends: DynamoDB items with TTL, and Redis. */
@AwsFacing
@Tag(AwsTarget.TAG)
class ProtectionStoresIT {

    private static final Map<String, ApplicationContext> CONTEXTS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        for (String backend : new String[]{"dynamodb", "redis"}) {
            CONTEXTS.put(backend, LocalCloudFixture.contextOf("AdmissionFunction",
                    Map.of("FLASHSALE_STOCK_BACKEND", backend)));
        }
    }

    @AfterAll
    static void stop() {
        CONTEXTS.values().forEach(ApplicationContext::close);
    }

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void tryAcquire_shouldAllowTheBucketThenRefuse_whenRequestsComeAllAtOnce(String backend) {
        // given
        RateLimiter limiter = CONTEXTS.get(backend).getBean(RateLimiter.class);
        String key = fresh("ip");
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        // when: five at the same instant against 4 per second
        int allowed = 0;
        RateLimiter.Decision last = null;
        for (int i = 0; i < 5; i++) {
            last = limiter.tryAcquire(key, 4, now);
            allowed += last.allowed() ? 1 : 0;
        }

        // then
        assertEquals(4, allowed);
        assertFalse(last.allowed());
        assertTrue(last.retryAfterSeconds() >= 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void tryAcquire_shouldRefillAtTheRate_whenTimePasses(String backend) {
        RateLimiter limiter = CONTEXTS.get(backend).getBean(RateLimiter.class);
        String key = fresh("user");
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        assertTrue(limiter.tryAcquire(key, 2, now).allowed());
        assertTrue(limiter.tryAcquire(key, 2, now).allowed());
        assertFalse(limiter.tryAcquire(key, 2, now).allowed());

        assertTrue(limiter.tryAcquire(key, 2, now.plusMillis(500)).allowed(), "one token back after half a second");
        assertFalse(limiter.tryAcquire(key, 2, now.plusMillis(500)).allowed());
        assertTrue(limiter.tryAcquire(key, 2, now.plusSeconds(5)).allowed(), "full again after a pause");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void consume_shouldAcceptAChallengeOnce(String backend) {
        ChallengeLedger ledger = CONTEXTS.get(backend).getBean(ChallengeLedger.class);
        String id = fresh("challenge");
        Instant expires = Instant.now().plusSeconds(120);

        assertTrue(ledger.consume(id, expires));
        assertFalse(ledger.consume(id, expires));
    }

    @Test
    void consume_shouldCountOneUse_whenTheSdkRetriesAPutThatLanded() {
        // given: the first answer from DynamoDB to the challenge's put is lost after the put landed (a 500 instead)
        ChallengeLedger ledger = CONTEXTS.get("dynamodb").getBean(ChallengeLedger.class);
        String id = fresh("challenge");
        Instant expires = Instant.now().plusSeconds(120);
        StoreFaults.arm(1, StoreFaults.Fault.LANDED_THEN_RETRIED, request -> request instanceof PutItemRequest put
                && ("CHALLENGE#" + id).equals(put.item().get("pk").s()));
        boolean first;
        try {
            // when: the first put lands, its answer is lost, the SDK sends it again
            first = ledger.consume(id, expires);
        } finally {
            StoreFaults.disarm();
        }

        // then: that is one use, accepted; a real second use is still refused
        assertEquals(2, StoreFaults.attempts(), "the SDK retried the put");
        assertTrue(first, "the retry of a put that landed is the same use");
        assertFalse(ledger.consume(id, expires));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void record_shouldCountSignalsPerSubjectAndWindow(String backend) {
        BotSignals signals = CONTEXTS.get(backend).getBean(BotSignals.class);
        String subject = fresh("user");
        Instant now = Instant.parse("2026-11-26T10:00:10Z");

        assertEquals(1, signals.record(subject, now));
        assertEquals(2, signals.record(subject, now.plusSeconds(20)));
        assertEquals(1, signals.record(subject, now.plusSeconds(60)), "a new minute starts a new count");
        assertEquals(1, signals.record(fresh("user"), now));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb"})
    void blocklist_shouldAddListAndRemoveEntries(String backend) {
        BlocklistStore store = CONTEXTS.get(backend).getBean(BlocklistStore.class);
        String user = fresh("blocked");
        Instant now = Instant.now();

        store.add(new BlockEntry(BlockEntry.Type.USER, user, "test", now, now.plusSeconds(60)));
        store.add(new BlockEntry(BlockEntry.Type.IP, "198.51.100.0/24", "test", now, null));

        assertTrue(store.all().stream().anyMatch(e -> e.value().equals(user) && e.expiresAt() != null));
        assertTrue(store.remove(BlockEntry.Type.USER, user));
        assertFalse(store.remove(BlockEntry.Type.USER, user));
        assertTrue(store.all().stream().noneMatch(e -> e.value().equals(user)));
        assertTrue(store.remove(BlockEntry.Type.IP, "198.51.100.0/24"));
    }
}
