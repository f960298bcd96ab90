package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.DynamoDbBackend;
import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.BotSignals;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.Map;

/** Bot signals per subject and minute: one counter item per window, expiring by TTL. */
@Singleton
@DynamoDbBackend
public class DynamoBotSignals implements BotSignals {

    private static final long WINDOW_SECONDS = 60;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBotSignals(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getProtectionTable();
    }

    @Override
    public long record(String subject, Instant now) {
        long window = now.getEpochSecond() / WINDOW_SECONDS;
        var updated = dynamo.updateItem(b -> b.tableName(table)
                .key(ProtectionKeys.key("SIGNAL#" + subject + "#" + window))
                .updateExpression("ADD hits :one SET expiresAt = :expires")
                .expressionAttributeValues(Map.of(":one", Items.n(1),
                        ":expires", Items.n((window + 2) * WINDOW_SECONDS)))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Long.parseLong(updated.get("hits").n());
    }
}
