package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.LoadCounters;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sale-wide load counters in the protection table, for either stock backend (their writes grow with the
 * containers, not the requests): one item per sale, second and shard, each its own partition, expiring by TTL.
 */
@Singleton
public class DynamoLoadCounters implements LoadCounters {

    /** A counter is read for the second it counts and the next; kept a minute for an operator to look at. */
    private static final long KEEP_SECONDS = 60;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLoadCounters(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getProtectionTable();
    }

    private static String pk(String saleId, long epochSecond, int shard) {
        return "LOAD#" + saleId + "#" + epochSecond + "#" + shard;
    }

    @Override
    public void add(String saleId, long epochSecond, int shard, long count) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(ProtectionKeys.key(pk(saleId, epochSecond, shard)))
                .updateExpression("ADD requests :count SET expiresAt = :expires")
                .expressionAttributeValues(Map.of(":count", Items.n(count),
                        ":expires", Items.n(epochSecond + KEEP_SECONDS))));
    }

    @Override
    public Map<Long, Long> totals(String saleId, long[] epochSeconds, int shards) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, Long> secondOf = new HashMap<>();
        for (long second : epochSeconds) {
            for (int shard = 0; shard < shards; shard++) {
                String pk = pk(saleId, second, shard);
                keys.add(ProtectionKeys.key(pk));
                secondOf.put(pk, second);
            }
        }
        Map<Long, Long> totals = new HashMap<>();
        // BatchGetItem takes 100 keys a call; eventually consistent reads will do for a load estimate.
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(keys.subList(from, Math.min(keys.size(), from + 100))).build());
            while (pending != null && !pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                var response = dynamo.batchGetItem(b -> b.requestItems(request));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    totals.merge(secondOf.get(item.get("pk").s()), Items.number(item, "requests"), Long::sum);
                }
                pending = response.unprocessedKeys();
            }
        }
        return totals;
    }
}
