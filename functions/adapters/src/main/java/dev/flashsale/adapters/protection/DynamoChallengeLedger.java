package dev.flashsale.adapters.protection;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.ChallengeLedger;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.HashMap;

/** Used challenges: a conditional put per challenge id, kept (by TTL) until the challenge would have expired. */
@Singleton
@Requires(property = "flashsale.stock-backend", value = "dynamodb", defaultValue = "dynamodb")
public class DynamoChallengeLedger implements ChallengeLedger {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoChallengeLedger(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getProtectionTable();
    }

    @Override
    public boolean consume(String challengeId, Instant expiresAt) {
        var item = new HashMap<>(ProtectionKeys.key("CHALLENGE#" + challengeId));
        item.put("expiresAt", ProtectionKeys.n(expiresAt.getEpochSecond() + 60));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException usedBefore) {
            return false;
        }
    }
}
