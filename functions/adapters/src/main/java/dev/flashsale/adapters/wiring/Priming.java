package dev.flashsale.adapters.wiring;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.redis.RedisConnection;
import dev.flashsale.adapters.redis.SaleKeys;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs the hot paths once during initialisation, so that a SnapStart snapshot holds loaded, linked classes (SDK
 * marshallers, signer, HTTP client, JSON codecs) rather than a cold JVM: a read of a key that does not exist and
 * a JSON round trip of each sample the function names (the bodies it reads most: its own mapping knows them, so
 * this class knows no function's types), and with the Redis backend a read of a sale key as the cache's user. A
 * failure here only costs the warm-up, never the container. {@code FLASHSALE_PRIMING=false} leaves it out (only {@code ./flashsale bench}
 * does, to measure a cold start without it).
 */
@Singleton
public class Priming {

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    private final DynamoDbClient dynamo;
    private final JsonMapper json;
    private final String salesTable;
    private final BeanProvider<RedisConnection> redis;
    private final boolean enabled;

    public Priming(DynamoDbClient dynamo, JsonMapper json, FlashsaleSettings settings,
                   BeanProvider<RedisConnection> redis, @Value("${flashsale.priming:true}") boolean enabled) {
        this.redis = redis;
        this.enabled = enabled;
        this.dynamo = dynamo;
        this.json = json;
        this.salesTable = settings.getSalesTable();
    }

    /** A body a function reads, as JSON: primed by one read and one write. */
    public record JsonSample(Class<?> type, String json) {
    }

    public void prime(JsonSample... samples) {
        if (!enabled) {
            return;
        }
        try {
            dynamo.getItem(b -> b.tableName(salesTable).key(Map.of("saleId", AttributeValue.fromS("__priming__"))));
            for (JsonSample sample : samples) {
                json.writeValueAsBytes(json.readValue(sample.json().getBytes(StandardCharsets.UTF_8), sample.type()));
            }
            redis.ifPresent(connection -> connection.commands().hget(new SaleKeys("__priming__").meta(), "startsAt"));
        } catch (Exception e) {
            LOG.warn("priming skipped: {}", e.getClass().getSimpleName());
        }
    }
}
