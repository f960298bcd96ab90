package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.port.BlocklistStore;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocklist, on both backends: one partition ({@code BLOCKLIST}) with an item per entry, so one query reads
 * it all; entries with an end expire by TTL (and are ignored once past it, TTL being lazy).
 */
@Singleton
public class DynamoBlocklistStore implements BlocklistStore {

    private static final String PARTITION = "BLOCKLIST";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBlocklistStore(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getProtectionTable();
    }

    @Override
    public List<BlockEntry> all() {
        List<BlockEntry> entries = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Items.s(PARTITION))))
                .items()
                .forEach(item -> entries.add(toEntry(item)));
        return entries;
    }

    @Override
    public void add(BlockEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(ProtectionKeys.key(PARTITION, sortKey(entry.type(), entry.value())));
        item.put("type", Items.s(entry.type().wire()));
        item.put("value", Items.s(entry.value()));
        item.put("reason", Items.s(entry.reason() == null ? "" : entry.reason()));
        item.put("createdAt", Items.s(entry.createdAt().toString()));
        if (entry.expiresAt() != null) {
            item.put("expiresAt", Items.n(entry.expiresAt().getEpochSecond()));
        }
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public boolean remove(BlockEntry.Type type, String value) {
        Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table)
                .key(ProtectionKeys.key(PARTITION, sortKey(type, value)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    private static String sortKey(BlockEntry.Type type, String value) {
        return type.wire() + "#" + value;
    }

    private static BlockEntry toEntry(Map<String, AttributeValue> item) {
        AttributeValue expires = item.get("expiresAt");
        return new BlockEntry(BlockEntry.Type.fromWire(item.get("type").s()).orElseThrow(), item.get("value").s(),
                item.containsKey("reason") ? item.get("reason").s() : "",
                Instant.parse(item.get("createdAt").s()),
                expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires.n())));
    }
}
