package dev.flashsale.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** Keys of the protection table: partition key {@code pk}, sort key {@code sk} (values: {@link Items}). */
final class ProtectionKeys {

    static final String SINGLE = "-";

    private ProtectionKeys() {
    }

    static Map<String, AttributeValue> key(String pk) {
        return key(pk, SINGLE);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", Items.s(pk), "sk", Items.s(sk));
    }
}
