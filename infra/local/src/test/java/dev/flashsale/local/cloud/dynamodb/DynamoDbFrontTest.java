package dev.flashsale.local.cloud.dynamodb;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The front over a stand-in server that answers as DynamoDB does for these calls (a put: {@code {}}; a read of an
 * absent item: {@code {}}), driven by the SDK with its retries off, so every throttle reaches the caller.
 */
class DynamoDbFrontTest {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // before the stand-in's server, as the front does
    }

    private static final TableKeys STOCK = new TableKeys("StockTable", "pk", null, List.of(
            new TableKeys.Index("pendingBySale", "pendingSale", "reservedAt")));
    private static final TableKeys SALES = new TableKeys("SalesTable", "saleId", null, List.of());

    private final AtomicInteger forwarded = new AtomicInteger();
    private final HttpServer upstream = stub();
    private final KeyThroughput meter = new KeyThroughput(KeyLimits.DYNAMODB,
            InstantSource.fixed(Instant.parse("2026-12-08T03:00:00Z")));
    private final DynamoDbFront front = start();
    private final DynamoDbClient dynamo = DynamoDbClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(URI.create(front.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
            .build();

    private HttpServer stub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.createContext("/", exchange -> {
                forwarded.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private DynamoDbFront start() {
        try {
            return new DynamoDbFront(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()),
                    List.of(STOCK, SALES), meter, "arn:aws:dynamodb:us-east-1:000000000000:table/");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        dynamo.close();
        front.close();
        upstream.stop(0);
    }

    @Test
    void putItem_shouldBeThrottledAsDynamoDbThrottles_whenOneKeyTakesItsThousandthUnitWithinASecond() {
        for (int i = 0; i < 1_000; i++) {
            dynamo.putItem(b -> b.tableName("SalesTable").item(Map.of("saleId", AttributeValue.fromS("hot"))));
        }

        var throttled = assertThrows(ProvisionedThroughputExceededException.class, () -> dynamo.putItem(b -> b
                .tableName("SalesTable").item(Map.of("saleId", AttributeValue.fromS("hot")))));

        assertEquals(400, throttled.statusCode());
        assertEquals("ProvisionedThroughputExceededException", throttled.awsErrorDetails().errorCode());
        assertEquals(1, throttled.throttlingReasons().size());
        assertEquals("TableWriteKeyRangeThroughputExceeded", throttled.throttlingReasons().get(0).reason());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/SalesTable",
                throttled.throttlingReasons().get(0).resource());
        assertEquals(1_000, forwarded.get(), "the throttled call never reached the server");
        dynamo.putItem(b -> b.tableName("SalesTable").item(Map.of("saleId", AttributeValue.fromS("cold"))));
        assertEquals(1, meter.throttles(Partition.ofTable("SalesTable", "hot")));
    }

    @Test
    void putItem_shouldBeThrottledOnTheIndexKey_whenDistinctItemsShareOneIndexKeyValue() {
        int refused = 0;
        for (int i = 0; i < 1_200; i++) {
            String pk = "ORDER#" + i;
            try {
                dynamo.putItem(b -> b.tableName("StockTable").item(Map.of("pk", AttributeValue.fromS(pk),
                        "pendingSale", AttributeValue.fromS("sale-1"),
                        "reservedAt", AttributeValue.fromS("2026-12-08T03:00:00Z"))));
            } catch (ProvisionedThroughputExceededException e) {
                assertEquals("IndexWriteKeyRangeThroughputExceeded", e.throttlingReasons().get(0).reason());
                assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/StockTable/index/pendingBySale",
                        e.throttlingReasons().get(0).resource());
                refused++;
            }
        }

        assertEquals(200, refused);
        assertEquals(200, meter.throttles(Partition.ofIndex("StockTable", "pendingBySale", "sale-1")));
        assertEquals(1_000, meter.peakWriteUnits(Partition.ofIndex("StockTable", "pendingBySale", "sale-1")));
        assertEquals(1, meter.peakWriteUnits(Partition.ofTable("StockTable", "ORDER#7")));
    }
}
