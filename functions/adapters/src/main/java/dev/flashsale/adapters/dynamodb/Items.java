package dev.flashsale.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** Small conversions between Java values and DynamoDB attribute values. */
final class Items {

    private Items() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static int integer(Map<String, AttributeValue> item, String name, int absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Integer.parseInt(value.n());
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
