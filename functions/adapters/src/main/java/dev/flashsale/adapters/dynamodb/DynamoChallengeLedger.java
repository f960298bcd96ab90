package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.DynamoDbBackend;
import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.snapstart.RestorableRandom;
import dev.flashsale.core.port.ChallengeLedger;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Used challenges: a conditional put per challenge id, kept (by TTL) until the challenge would have expired. Each
 * use carries a token of its own, so that the SDK's retry of a put that did land (a timeout on the answer) is
 * recognised as this same use, not a second one.
 */
@Singleton
@DynamoDbBackend
public class DynamoChallengeLedger implements ChallengeLedger {

    private final DynamoDbClient dynamo;
    private final String table;

    private final RestorableRandom random;

    public DynamoChallengeLedger(DynamoDbClient dynamo, FlashsaleSettings settings, RestorableRandom random) {
        this.dynamo = dynamo;
        this.random = random;
        this.table = settings.getProtectionTable();
    }

    @Override
    public boolean consume(String challengeId, Instant expiresAt) {
        var item = new HashMap<>(ProtectionKeys.key("CHALLENGE#" + challengeId));
        item.put("expiresAt", Items.n(expiresAt.getEpochSecond() + 60));
        String use = Long.toHexString(random.nextLong());
        item.put("usedBy", AttributeValue.fromS(use));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR usedBy = :use")
                    .expressionAttributeValues(Map.of(":use", AttributeValue.fromS(use))));
            return true;
        } catch (ConditionalCheckFailedException usedBefore) {
            return false;
        }
    }
}
