package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.ReconcilerLeases;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.s;

/**
 * Reconciler leases in the stock table, one item per sale ({@code RECONCILE#<sale>}: {@code holder}, {@code until}
 * in epoch milliseconds; under 100 bytes, written once per pass). A take is one conditional put: no lease, a lease
 * that ran out before the taker's clock, or the taker's own (the SDK's retry of a put that landed finds its own
 * holder and lands again). The table's TTL ({@code expiresAt}) clears leases a day after they ran out; the
 * condition never relies on it, TTL deletes late.
 */
@Singleton
public class DynamoReconcilerLeases implements ReconcilerLeases {

    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoReconcilerLeases(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getStockTable();
    }

    static String leaseKey(String saleId) {
        return "RECONCILE#" + saleId;
    }

    @Override
    public boolean take(String saleId, String holder, Instant now, Instant until) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", s(leaseKey(saleId)), "holder", s(holder), "until", n(until.toEpochMilli()),
                            "expiresAt", n(until.plus(KEEP_AFTER_EXPIRY).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(pk) OR #until < :now OR #holder = :holder")
                    .expressionAttributeNames(Map.of("#until", "until", "#holder", "holder"))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":holder", s(holder))));
            return true;
        } catch (ConditionalCheckFailedException heldByAnother) {
            return false;
        }
    }

    @Override
    public void end(String saleId, String holder) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(leaseKey(saleId))))
                    .conditionExpression("#holder = :holder")
                    .expressionAttributeNames(Map.of("#holder", "holder"))
                    .expressionAttributeValues(Map.<String, AttributeValue>of(":holder", s(holder))));
        } catch (ConditionalCheckFailedException notOurs) {
            // another pass took it after ours ran out, or it is gone already: nothing of ours to end
        }
    }
}
