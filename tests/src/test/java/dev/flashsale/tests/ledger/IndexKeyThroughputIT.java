package dev.flashsale.tests.ledger;

import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.cloud.dynamodb.DynamoDbFront;
import dev.flashsale.local.cloud.dynamodb.KeyLimits;
import dev.flashsale.local.cloud.dynamodb.KeyThroughput;
import dev.flashsale.local.cloud.dynamodb.Partition;
import dev.flashsale.local.cloud.dynamodb.TableKeys;
import dev.flashsale.local.template.Specs;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23, items 1 and 2: a sale's opening second at the template's {@code ApiRateLimit}, every purchase a
 * reservation on the real DynamoDB ledger (intent, buyer count, shard take, intent reserved), through the local
 * front's per-key limits with its clock held inside one second. With the index keys split (the template's
 * {@code FLASHSALE_INDEX_SHARDS}) no key goes over its 1,000 write units; with one value per sale (the layout
 * before) the sale's {@code pendingBySale} key does. The SDK's retries are off, so every throttle is seen.
 */
class IndexKeyThroughputIT {

    private static final int STOCK_SHARDS = 16;

    private record Burst(KeyThroughput meter, Sale sale, int reserved, int failed) {
    }

    @Test
    void reserve_shouldKeepEveryKeyUnderItsLimit_whenTheIndexKeysAreSplit() throws Exception {
        Burst burst = openingSecond(templateShards());

        assertEquals(Map.of(), burst.meter().throttles(), "no key throttled");
        burst.meter().peakWriteUnits().forEach((partition, units) ->
                assertTrue(units <= KeyLimits.DYNAMODB.writeUnitsPerSecond(), partition + " took " + units));
        assertEquals(purchases(), burst.reserved(), "every purchase of the second reserved");
        assertEquals(0, burst.failed());
    }

    @Test
    void reserve_shouldTakeTheSalesIndexKeyOverItsLimit_whenTheSaleHasOneIndexKey() throws Exception {
        Burst burst = openingSecond("1");

        Partition pending = Partition.ofIndex("StockTable", "pendingBySale", burst.sale().id());
        assertTrue(burst.meter().throttles(pending) > 0, "throttled: " + burst.meter().throttles());
        assertTrue(burst.failed() > 0, "some purchases failed on the throttle");
    }

    /** The index shard count the template gives the functions. */
    private static String templateShards() throws Exception {
        LocalCloud cloud = LocalCloudFixture.cloud();
        return LocalCloudFixture.template().functions(cloud.physicalIds()).stream()
                .filter(f -> f.logicalId().equals("AdmissionFunction")).findFirst().orElseThrow()
                .environment().get("FLASHSALE_INDEX_SHARDS");
    }

    private static int purchases() throws Exception {
        return Integer.parseInt(LocalCloudFixture.template().parameter("ApiRateLimit"));
    }

    private Burst openingSecond(String indexShards) throws Exception {
        LocalCloud cloud = LocalCloudFixture.cloud();
        Assumptions.assumeTrue(cloud.dynamoServer() != null, "the per-key limits are the embedded server's front");
        KeyThroughput meter = new KeyThroughput(KeyLimits.DYNAMODB,
                InstantSource.fixed(Instant.parse("2026-12-08T04:00:00.000Z")));
        List<TableKeys> keys = new ArrayList<>();
        for (Specs.Table table : LocalCloudFixture.template().tables()) {
            keys.add(TableKeys.of(table.logicalId(), table));
        }
        int purchases = purchases();
        try (DynamoDbFront front = new DynamoDbFront(URI.create(cloud.dynamoServer().endpoint()), keys, meter,
                "arn:aws:dynamodb:us-east-1:000000000000:table/");
             DynamoDbClient dynamo = DynamoDbClient.builder()
                     .httpClient(UrlConnectionHttpClient.create())
                     .endpointOverride(URI.create(front.endpoint()))
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
                     .build()) {
            ApplicationContext notStarted = LocalCloudFixture.builderOf("AdmissionFunction",
                    indexShards == null ? Map.of() : Map.of("FLASHSALE_INDEX_SHARDS", indexShards));
            notStarted.registerBeanDefinition(RuntimeBeanDefinition.builder(DynamoDbClient.class, () -> dynamo)
                    .replaces(DynamoDbClient.class).build());
            try (ApplicationContext context = notStarted.start()) {
                Instant now = Instant.now();
                Sale sale = new Sale("hot-" + UUID.randomUUID().toString().substring(0, 8), "Opening", purchases,
                        now.minusSeconds(60), now.plusSeconds(3600), 1, STOCK_SHARDS, Protection.DEFAULTS);
                context.getBean(SaleAdministration.class).put(sale);
                StockLedger ledger = context.getBean(StockLedger.class);
                AtomicInteger reserved = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                ExecutorService buyers = Executors.newFixedThreadPool(8);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int i = 0; i < purchases; i++) {
                        String user = "shopper-" + i;
                        done.add(buyers.submit(() -> {
                            try {
                                if (ledger.reserve(sale, user, 1, OrderIds.next(), now)
                                        instanceof ReservationOutcome.Reserved) {
                                    reserved.incrementAndGet();
                                } else {
                                    failed.incrementAndGet();
                                }
                            } catch (RuntimeException throttled) {
                                failed.incrementAndGet();
                            }
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get();
                    }
                } finally {
                    buyers.shutdownNow();
                }
                return new Burst(meter, sale, reserved.get(), failed.get());
            }
        }
    }
}
