package dev.flashsale.tests.ledger;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 23, item 1: a sale whose intents and buyer counts were written before the index keys were split (under
 * the bare sale id, without {@code pendingKey}) is still read whole by the split readers, and an intent moved on
 * by the new code stays where a reader finds it.
 */
@AwsFacing
@Tag(AwsTarget.TAG)
class IndexShardsMigrationIT {

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @Test
    void pendingIntentsAndBuyerHolds_shouldFindItemsFromBeforeTheSplit_besideNewOnes() throws Exception {
        try (ApplicationContext context = LocalCloudFixture.contextOf("ReconcilerFunction", Map.of())) {
            // given: an intent and a buyer count as the code before the split wrote them, and a new intent
            DynamoDbClient dynamo = context.getBean(DynamoDbClient.class);
            String table = context.getBean(FlashsaleSettings.class).getStockTable();
            LedgerItems items = context.getBean(LedgerItems.class);
            String sale = "split-" + UUID.randomUUID().toString().substring(0, 8);
            String oldOrder = UUID.randomUUID().toString();
            Instant now = Instant.now();
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("ORDER#" + oldOrder), "state", s("RESERVED"),
                    "saleId", s(sale), "userId", s("ann"), "quantity", AttributeValue.fromN("1"),
                    "shard", AttributeValue.fromN("0"), "reservedAt", s(now.toString()), "pendingSale", s(sale),
                    "write", s("0"))));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("SALE#" + sale + "#BUYER#ann"),
                    "bought", AttributeValue.fromN("1"), "holds", AttributeValue.fromSs(List.of(oldOrder)),
                    "buyerSale", s(sale), "userId", s("ann"))));
            String newOrder = UUID.randomUUID().toString();
            items.putIntent(new Intent(newOrder, sale, "bob", 1, 0, IntentState.TAKING, now));

            // when: the old intent is claimed by the new code
            boolean claimed = items.moveIntent(oldOrder, Set.of(IntentState.RESERVED), IntentState.CLAIMED, 0);

            // then: both intents are listed once each, the old one claimed, and the old buyer's hold is read
            assertEquals(true, claimed);
            Map<String, IntentState> pending = new java.util.HashMap<>();
            items.pendingIntents(sale).forEach(intent -> pending.merge(intent.orderId(), intent.state(), (a, b) -> {
                throw new AssertionError("listed twice: " + intent.orderId());
            }));
            assertEquals(Map.of(oldOrder, IntentState.CLAIMED, newOrder, IntentState.TAKING), pending);
            assertEquals(Map.of("ann", Set.of(oldOrder)), items.buyerHolds(sale));
            String newKey = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of("pk", s("ORDER#" + newOrder)))).item().get("pendingSale").s();
            assertEquals(true, newKey.startsWith(sale + "#"), "a new intent is under one of the split values: " + newKey);
        }
    }
}
