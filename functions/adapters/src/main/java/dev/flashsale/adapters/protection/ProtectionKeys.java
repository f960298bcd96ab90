package dev.flashsale.adapters.protection;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** Keys and values of the protection table: partition key {@code pk}, sort key {@code sk}. */
final class ProtectionKeys {

    static final String SINGLE = "-";

    private ProtectionKeys() {
    }

    static Map<String, AttributeValue> key(String pk) {
        return key(pk, SINGLE);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
