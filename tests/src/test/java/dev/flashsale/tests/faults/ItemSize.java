package dev.flashsale.tests.faults;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An item's size as DynamoDB bills it: names and values, strings in UTF-8, numbers ~1 byte per 2 digits + 1. */
public final class ItemSize {

    private ItemSize() {
    }

    public static int of(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    private static int valueSize(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return number(value.n());
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToInt(ItemSize::utf8).sum() + 3;
        }
        if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
            return 1;
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream().mapToInt(e -> utf8(e.getKey()) + valueSize(e.getValue()) + 1).sum();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToInt(v -> valueSize(v) + 1).sum();
        }
        return 0;
    }

    private static int number(String n) {
        String digits = new BigDecimal(n).unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
