package dev.flashsale.local.cloud.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An item's size as DynamoDB bills it, from its wire form ({@code {"name": {"S": "..."}}}): names and values,
 * strings in UTF-8, numbers about one byte per two significant digits plus one, binaries their bytes, sets and
 * documents their members plus a few bytes (the rules of the tests' {@code ItemSize}, for the JSON form).
 */
public final class ItemSize {

    private ItemSize() {
    }

    public static int of(Map<String, Object> item) {
        if (item == null) {
            return 0;
        }
        int size = 0;
        for (Map.Entry<String, Object> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    @SuppressWarnings("unchecked")
    private static int valueSize(Object wire) {
        if (!(wire instanceof Map<?, ?> typed) || typed.isEmpty()) {
            return 0;
        }
        Map.Entry<String, Object> value = ((Map<String, Object>) typed).entrySet().iterator().next();
        Object v = value.getValue();
        return switch (value.getKey()) {
            case "S" -> utf8(String.valueOf(v));
            case "N" -> number(String.valueOf(v));
            case "B" -> Base64.getDecoder().decode(String.valueOf(v)).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> 3 + ((List<Object>) v).stream().mapToInt(s -> utf8(String.valueOf(s))).sum();
            case "NS" -> 3 + ((List<Object>) v).stream().mapToInt(s -> number(String.valueOf(s))).sum();
            case "BS" -> 3 + ((List<Object>) v).stream()
                    .mapToInt(s -> Base64.getDecoder().decode(String.valueOf(s)).length).sum();
            case "M" -> 3 + ((Map<String, Object>) v).entrySet().stream()
                    .mapToInt(e -> utf8(e.getKey()) + valueSize(e.getValue()) + 1).sum();
            case "L" -> 3 + ((List<Object>) v).stream().mapToInt(e -> valueSize(e) + 1).sum();
            default -> 0;
        };
    }

    private static int number(String n) {
        String digits = new BigDecimal(n).unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Write units for an item of {@code bytes}: one per KB begun, at least one. */
    public static int writeUnits(int bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    /** Read units for {@code bytes} read together: one per 4 KB begun (at least one), half for an eventual read. */
    public static double readUnits(int bytes, boolean consistent) {
        int units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2.0;
    }
}
