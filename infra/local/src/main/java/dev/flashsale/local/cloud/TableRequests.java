package dev.flashsale.local.cloud;

import dev.flashsale.local.template.Specs;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.flashsale.local.template.TemplateNodes.listOfMaps;
import static dev.flashsale.local.template.TemplateNodes.map;

/**
 * A template table as DynamoDB API requests: its attribute definitions, key schema and global secondary indexes
 * (with their projections), for the embedded server and an AWS emulator alike.
 */
final class TableRequests {

    private TableRequests() {
    }

    /** Creates {@code table} under {@code name}, on demand, with its indexes. */
    static void create(DynamoDbClient dynamo, String name, Specs.Table table) {
        List<GlobalSecondaryIndex> indexes = indexes(table);
        dynamo.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST).attributeDefinitions(attributeDefinitions(table))
                    .keySchema(keySchema(table.keySchema()));
            if (!indexes.isEmpty()) {
                b.globalSecondaryIndexes(indexes);
            }
        });
    }

    static List<AttributeDefinition> attributeDefinitions(Specs.Table table) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Map<String, Object> a : table.attributeDefinitions()) {
            attributes.add(AttributeDefinition.builder()
                    .attributeName(String.valueOf(a.get("AttributeName")))
                    .attributeType(String.valueOf(a.get("AttributeType"))).build());
        }
        return attributes;
    }

    static List<GlobalSecondaryIndex> indexes(Specs.Table table) {
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Map<String, Object> gsi : table.globalSecondaryIndexes()) {
            Object projection = map(gsi.get("Projection")).get("ProjectionType");
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(String.valueOf(gsi.get("IndexName")))
                    .keySchema(keySchema(listOfMaps(gsi.get("KeySchema"))))
                    .projection(Projection.builder().projectionType(projection == null
                            ? ProjectionType.ALL : ProjectionType.fromValue(String.valueOf(projection))).build())
                    .build());
        }
        return indexes;
    }

    static List<KeySchemaElement> keySchema(List<Map<String, Object>> elements) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Map<String, Object> e : elements) {
            keys.add(KeySchemaElement.builder()
                    .attributeName(String.valueOf(e.get("AttributeName")))
                    .keyType(String.valueOf(e.get("KeyType"))).build());
        }
        return keys;
    }
}
