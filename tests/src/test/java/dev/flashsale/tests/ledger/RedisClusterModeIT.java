package dev.flashsale.tests.ledger;

import dev.flashsale.adapters.redis.SaleKeys;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.local.cloud.RedisCacheServer;
import dev.flashsale.tests.LocalCloudFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * ElastiCache Serverless is always a cluster: the ledger runs here through Lettuce's cluster client against a
 * Redis started in cluster mode (one node owning every slot), where a script touching keys of two slots fails.
 */
class RedisClusterModeIT {

    private static RedisCacheServer clusterNode;
    private static ApplicationContext context;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("redis-cluster");
        clusterNode = RedisCacheServer.start("cluster-enabled yes",
                "cluster-config-file " + dir.resolve("nodes.conf"));
        RedisClient admin = RedisClient.create(clusterNode.url());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            connection.sync().clusterAddSlots(IntStream.range(0, 16384).toArray());
            for (int i = 0; i < 100 && !connection.sync().clusterInfo().contains("cluster_state:ok"); i++) {
                Thread.sleep(100);
            }
        } finally {
            admin.shutdown();
        }
        // The template's users and access strings here too: the cluster client works as the functions' user.
        LocalCloudFixture.cloud().createCacheUsers(clusterNode);
        context = LocalCloudFixture.contextOf("AdmissionFunction", Map.of(
                "FLASHSALE_STOCK_BACKEND", "redis",
                "FLASHSALE_REDIS_URL", clusterNode.url(),
                "FLASHSALE_REDIS_CLUSTER", "true"));
    }

    @AfterAll
    static void stop() {
        context.close();
        clusterNode.close();
    }

    @Test
    void reserve_shouldRunInOneSlot_whenRedisIsACluster() {
        // given
        Instant now = Instant.now();
        Sale sale = new Sale("cluster-sale", "Cluster", 3, now.minusSeconds(10), now.plusSeconds(600), 1, 8,
                Protection.DEFAULTS);
        context.getBean(SaleAdministration.class).put(sale);
        StockLedger ledger = context.getBean(StockLedger.class);

        // when
        ReservationOutcome first = ledger.reserve(sale, "c1", 1, OrderIds.next(), now);
        ledger.reserve(sale, "c2", 1, OrderIds.next(), now);
        ledger.reserve(sale, "c3", 1, OrderIds.next(), now);
        ReservationOutcome fourth = ledger.reserve(sale, "c4", 1, OrderIds.next(), now);

        // then
        assertInstanceOf(ReservationOutcome.Reserved.class, first);
        assertInstanceOf(ReservationOutcome.SoldOut.class, fourth);
        assertEquals(0, ledger.remaining(sale));
        clusterNode.admin(commands -> {
            long slot = commands.clusterKeyslot(new SaleKeys(sale.id()).meta());
            for (String key : new SaleKeys(sale.id()).forReserve(OrderIds.next(), sale.shards())) {
                assertEquals(slot, commands.clusterKeyslot(key), key);
            }
        });
    }
}
