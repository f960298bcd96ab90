package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.OrphanSightings;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.number;
import static dev.flashsale.adapters.dynamodb.Items.s;
import static dev.flashsale.adapters.dynamodb.Items.string;

/**
 * Orphan sightings in the stock table, one item per sale ({@code ORPHANS#<sale>}: stock, orphans, the shards'
 * mark, seenAt; under 150 bytes), written only by a pass that finds units nobody accounts for, under the sale's
 * lease (so plain writes: no other pass writes it meanwhile). The table's TTL ({@code expiresAt}) clears a
 * sighting a day after it was made.
 */
@Singleton
public class DynamoOrphanSightings implements OrphanSightings {

    private static final Duration KEEP = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoOrphanSightings(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getStockTable();
    }

    static String sightingKey(String saleId) {
        return "ORPHANS#" + saleId;
    }

    @Override
    public Optional<Sighting> find(String saleId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", s(sightingKey(saleId)))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Sighting(saleId, (int) number(item, "stock"), number(item, "orphans"),
                string(item, "shardMark"), Instant.ofEpochMilli(number(item, "seenAt"))));
    }

    @Override
    public void record(Sighting sighting) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "pk", s(sightingKey(sighting.saleId())),
                "stock", n(sighting.stock()),
                "orphans", n(sighting.orphans()),
                "shardMark", s(sighting.shardMark()),
                "seenAt", n(sighting.seenAt().toEpochMilli()),
                StockItemExpiry.ATTRIBUTE, n(sighting.seenAt().plus(KEEP).getEpochSecond()))));
    }

    @Override
    public void clear(String saleId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", s(sightingKey(saleId)))));
    }
}
