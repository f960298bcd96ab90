package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.DynamoDbBackend;
import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.RateLimiter;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Map;

/**
 * A token bucket on DynamoDB, as the equivalent "generic cell rate algorithm": one item per key holds the
 * theoretical arrival time (tat) of the next request. A request is allowed while tat is at most a bucket's worth
 * of intervals ahead of now, and pushes tat one interval on. Both cases are single conditional updates (no read
 * first); the item expires by TTL an hour after its last use.
 */
@Singleton
@DynamoDbBackend
public class DynamoRateLimiter implements RateLimiter {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRateLimiter(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getProtectionTable();
    }

    @Override
    public Decision tryAcquire(String key, int perSecond, Instant now) {
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        long interval = 1_000_000L / perSecond;
        long tolerance = interval * (perSecond - 1L); // a full bucket: perSecond requests at once
        Map<String, AttributeValue> itemKey = ProtectionKeys.key("RATE#" + key);
        AttributeValue expires = Items.n(now.getEpochSecond() + 3600);
        try {
            // The bucket has been idle (or is new): it is full, this request starts it again.
            dynamo.updateItem(b -> b.tableName(table).key(itemKey)
                    .updateExpression("SET tat = :next, expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(tat) OR tat <= :now")
                    .expressionAttributeValues(Map.of(":next", Items.n(nowMicros + interval),
                            ":now", Items.n(nowMicros), ":expires", expires)));
            return Decision.ALLOWED;
        } catch (ConditionalCheckFailedException busy) {
            // fall through: the bucket is in use
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(itemKey)
                    .updateExpression("SET tat = tat + :interval, expiresAt = :expires")
                    .conditionExpression("tat > :now AND tat <= :limit")
                    .expressionAttributeValues(Map.of(":interval", Items.n(interval),
                            ":now", Items.n(nowMicros), ":limit", Items.n(nowMicros + tolerance),
                            ":expires", expires)));
            return Decision.ALLOWED;
        } catch (ConditionalCheckFailedException empty) {
            return new Decision(false, 1);
        }
    }
}
