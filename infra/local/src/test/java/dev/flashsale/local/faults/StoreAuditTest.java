package dev.flashsale.local.faults;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StoreAuditTest {

    @Test
    void size_shouldCountNamesAndValuesInBytes_whenDynamoDbSizesAnItem() {
        // given: "pk" + "SALE#s#SHARD#0" (2 + 14), "stock" + 123 (5 + 3), "orders" + {"a","bc"} (6 + 3)
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("SALE#s#SHARD#0"),
                "stock", AttributeValue.fromN("123"),
                "orders", AttributeValue.fromSs(List.of("a", "bc")));

        // when / then
        assertEquals(16 + 8 + 9, StoreAudit.size(item));
    }
}
