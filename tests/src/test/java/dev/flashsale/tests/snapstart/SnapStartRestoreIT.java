package dev.flashsale.tests.snapstart;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.redis.RedisConnection;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.local.cloud.RedisCacheServer;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SnapStart's hooks on a function container with the Redis backend: the connection opened at init is closed
 * before the snapshot, and a restored container reconnects and sells through the adapters it was built with.
 */
class SnapStartRestoreIT {

    /** The function user's connections the server holds (CLIENT LIST, as the runner's admin). */
    private static long connectionsOf(RedisCacheServer redis, String user) {
        long[] count = new long[1];
        redis.admin(commands -> count[0] = commands.clientList().lines()
                .filter(line -> line.contains(" user=" + user + " ")).count());
        return count[0];
    }

    /** The count once it reaches {@code expected}: a closed socket leaves the list when the server reads the close. */
    private static long awaitConnections(RedisCacheServer redis, String user, long expected) throws InterruptedException {
        long count = connectionsOf(redis, user);
        for (int check = 0; check < 50 && count != expected; check++) {
            Thread.sleep(20);
            count = connectionsOf(redis, user);
        }
        return count;
    }

    @Test
    void afterRestore_shouldReconnectAndReserve_whenTheSnapshotClosedTheConnection() throws Exception {
        // given: a container initialised as before a snapshot
        RedisCacheServer redis = LocalCloudFixture.cloud().redis();
        try (ApplicationContext container = LocalCloudFixture.contextOf("AdmissionFunction",
                Map.of("FLASHSALE_STOCK_BACKEND", "redis"))) {
            String user = container.getBean(FlashsaleSettings.class).getRedisUser();
            RedisConnection connection = container.getBean(RedisConnection.class);
            StockLedger ledger = container.getBean(StockLedger.class);
            Instant now = Instant.now();
            Sale sale = new Sale("snap-" + UUID.randomUUID().toString().substring(0, 8), "Snap", 2,
                    now.minusSeconds(10), now.plusSeconds(600), 1, 2, Protection.DEFAULTS);
            container.getBean(SaleAdministration.class).put(sale);
            long before = connectionsOf(redis, user);

            // when: the snapshot is taken
            connection.beforeCheckpoint(null);

            // then: nothing open goes into it
            assertFalse(connection.isOpen());
            assertEquals(before - 1, awaitConnections(redis, user, before - 1));

            // when: the container is restored
            connection.afterRestore(null);

            // then: a new connection serves the same adapters
            assertTrue(connection.isOpen());
            assertEquals(before, awaitConnections(redis, user, before));
            assertInstanceOf(ReservationOutcome.Reserved.class, ledger.reserve(sale, "restored", 1, OrderIds.next(), now));
            assertEquals(1, ledger.remaining(sale));
        }
    }
}
