package dev.flashsale.local.cloud.dynamodb;

import dev.flashsale.local.template.Specs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.flashsale.local.template.TemplateNodes.listOfMaps;

/**
 * A table's partition key attribute and its global secondary indexes' key attributes, from the template's key
 * schemas: which partition key value a write or a read of an item falls under, in the table and in each index.
 */
public record TableKeys(String table, String hashKey, String rangeKey, List<Index> indexes) {

    /** An index, with its partition key and its sort key (null: none); an item lacking either is not in it. */
    public record Index(String name, String hashKey, String rangeKey) {
    }

    public static TableKeys of(String physicalName, Specs.Table table) {
        List<Index> indexes = new ArrayList<>();
        for (Map<String, Object> gsi : table.globalSecondaryIndexes()) {
            List<Map<String, Object>> schema = listOfMaps(gsi.get("KeySchema"));
            indexes.add(new Index(String.valueOf(gsi.get("IndexName")), attribute(schema, "HASH"),
                    attribute(schema, "RANGE")));
        }
        return new TableKeys(physicalName, attribute(table.keySchema(), "HASH"), attribute(table.keySchema(), "RANGE"),
                List.copyOf(indexes));
    }

    private static String attribute(List<Map<String, Object>> schema, String type) {
        return schema.stream().filter(e -> type.equals(String.valueOf(e.get("KeyType"))))
                .map(e -> String.valueOf(e.get("AttributeName"))).findFirst().orElse(null);
    }

    public Index index(String name) {
        return indexes.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }

    /** The key value of attribute {@code name} in {@code item} (its S, N or B), or null when absent. */
    @SuppressWarnings("unchecked")
    public static String value(Map<String, Object> item, String name) {
        if (item == null || name == null || !(item.get(name) instanceof Map<?, ?> typed) || typed.isEmpty()) {
            return null;
        }
        Object value = ((Map<String, Object>) typed).values().iterator().next();
        return value instanceof String text ? text : null;
    }

    /** The item's key value in {@code index}, or null when the item is not in it (a sparse index). */
    public static String indexKey(Map<String, Object> item, Index index) {
        String hash = value(item, index.hashKey());
        return hash == null || (index.rangeKey() != null && value(item, index.rangeKey()) == null) ? null : hash;
    }
}
