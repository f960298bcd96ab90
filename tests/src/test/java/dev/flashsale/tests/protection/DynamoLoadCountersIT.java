package dev.flashsale.tests.protection;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.guard.SaleLoad;
import dev.flashsale.core.port.LoadCounters;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21, finding 5: "under load" is a sale-wide state. Two contexts of the admission function are two Lambda
 * containers, each with its own {@code SaleLoad} and {@link LoadCounters}; what one counts, the other sees, through
 * the protection table. Time is the {@code Instant} each call is given (the function's clock), so the windows (a
 * write at most every 200 ms, a read at most once a second, the current and the last second) are checked exactly.
 */
@AwsFacing
@Tag(AwsTarget.TAG)
class DynamoLoadCountersIT {

    private static final int RATE = 40;
    private static ApplicationContext first;
    private static ApplicationContext second;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = Map.of("FLASHSALE_UNDER_LOAD_REQUESTS_PER_SECOND", Integer.toString(RATE));
        first = LocalCloudFixture.contextOf("AdmissionFunction", settings);
        second = LocalCloudFixture.contextOf("AdmissionFunction", settings);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    private static String freshSale() {
        return "load-" + UUID.randomUUID();
    }

    /** A whole second, so that every arrival below falls in the second the test says. */
    private static final Instant SECOND = Instant.parse("2026-12-08T10:00:00Z");

    /** {@code count} arrivals 10 ms apart from {@code from}. */
    private static void arrive(SaleLoad load, String saleId, Instant from, int count) {
        for (int i = 0; i < count; i++) {
            load.arrived(saleId, from.plusMillis(10L * i));
        }
    }

    @Test
    void isUnderLoad_shouldSeeTheLoadAnotherContainerCounted_forTheSecondAndTheNextOnly() {
        // given: the second container has read the sale once, before any load
        String sale = freshSale();
        SaleLoad counting = first.getBean(SaleLoad.class);
        SaleLoad reading = second.getBean(SaleLoad.class);
        assertFalse(reading.isUnderLoad(sale, SECOND));

        // when: the first counts 45 in 440 ms; its writes at 0, 200 and 400 ms carry 1 + 20 + 20 = 41 of them
        arrive(counting, sale, SECOND, 45);

        // then: the second's reading holds for a second, then it reads the 41 >= 40 the first wrote
        assertFalse(reading.isUnderLoad(sale, SECOND.plusMillis(999)), "the last reading holds for a second");
        assertTrue(reading.isUnderLoad(sale, SECOND.plusMillis(1000)), "the first container's count");
        assertTrue(reading.isUnderLoad(sale, SECOND.plusMillis(1999)), "still within the reading");
        assertFalse(reading.isUnderLoad(sale, SECOND.plusSeconds(2)), "two seconds on, neither window has load");
    }

    @Test
    void isUnderLoad_shouldSumEveryContainersCount_whenNoneAloneReachesTheRate() {
        // given: each container counts 25 requests in the same second (25 < 40), the rest written by the next
        // second's first arrival
        String sale = freshSale();
        SaleLoad a = first.getBean(SaleLoad.class);
        SaleLoad b = second.getBean(SaleLoad.class);
        arrive(a, sale, SECOND, 25);
        arrive(b, sale, SECOND.plusMillis(5), 25);
        a.arrived(sale, SECOND.plusSeconds(1));
        b.arrived(sale, SECOND.plusSeconds(1));

        // when / then: 50 in that second, over both, as either container reads it
        assertTrue(a.isUnderLoad(sale, SECOND.plusSeconds(1)));
        assertTrue(b.isUnderLoad(sale, SECOND.plusSeconds(1)));
        assertEquals(Map.of(SECOND.getEpochSecond(), 50L, SECOND.getEpochSecond() + 1, 2L),
                first.getBean(LoadCounters.class).totals(sale,
                        new long[]{SECOND.getEpochSecond(), SECOND.getEpochSecond() + 1}, 10));
    }

    @Test
    void totals_shouldSumEveryShardOfBothContainers_whenTheKeysSpanMoreThanOneBatch() {
        // given: 2 seconds x 60 shards = 120 keys (BatchGetItem takes 100), written by both containers
        String sale = freshSale();
        LoadCounters one = first.getBean(LoadCounters.class);
        LoadCounters other = second.getBean(LoadCounters.class);
        long s = SECOND.getEpochSecond();
        Map<Long, Long> expected = new HashMap<>();
        for (int shard = 0; shard < 60; shard++) {
            one.add(sale, s, shard, shard + 1);
            other.add(sale, s, shard, 1);
            other.add(sale, s + 1, shard, 2);
        }
        expected.put(s, (60L * 61 / 2) + 60);
        expected.put(s + 1, 120L);

        // when
        Map<Long, Long> totals = one.totals(sale, new long[]{s - 1, s, s + 1}, 60);

        // then: no entry for a second without load
        assertEquals(expected, totals);
    }

    @Test
    void add_shouldLetTheCounterExpireAMinuteAfterItsSecond_whenWritten() {
        // given
        String sale = freshSale();
        long s = SECOND.getEpochSecond();

        // when
        first.getBean(LoadCounters.class).add(sale, s, 3, 7);

        // then: one small item of its own, with the table's expiry attribute
        String table = first.getBean(FlashsaleSettings.class).getProtectionTable();
        Map<String, AttributeValue> item = first.getBean(DynamoDbClient.class).getItem(b -> b.tableName(table)
                .consistentRead(true).key(Map.of("pk", AttributeValue.fromS("LOAD#" + sale + "#" + s + "#3"),
                        "sk", AttributeValue.fromS("-")))).item();
        assertEquals("7", item.get("requests").n());
        assertEquals(Long.toString(s + Duration.ofMinutes(1).toSeconds()), item.get("expiresAt").n());
    }
}
