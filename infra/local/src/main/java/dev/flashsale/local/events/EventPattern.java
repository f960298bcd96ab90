package dev.flashsale.local.events;

import java.util.List;
import java.util.Map;

/**
 * EventBridge's event pattern matching, the part the template's rules use: every field of the pattern must be in
 * the event; a list matches when the event's value is one of its (exact) values; an object matches the event's
 * object of that name field by field. Content filters ({@code prefix}, {@code anything-but}, ...) are refused at
 * start rather than matched wrongly.
 */
public final class EventPattern {

    private final Map<String, Object> pattern;

    public EventPattern(Map<String, Object> pattern) {
        check(pattern);
        this.pattern = pattern;
    }

    private static void check(Map<String, Object> pattern) {
        pattern.forEach((field, value) -> {
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked") Map<String, Object> object = (Map<String, Object>) nested;
                check(object);
            } else if (value instanceof List<?> values) {
                for (Object one : values) {
                    if (one instanceof Map<?, ?>) {
                        throw new IllegalArgumentException("the local bus matches exact values only; field "
                                + field + " has a content filter " + one);
                    }
                }
            } else {
                throw new IllegalArgumentException("an event pattern's field " + field + " must be a list or object");
            }
        });
    }

    public boolean matches(Map<String, Object> event) {
        return matches(pattern, event);
    }

    private static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
        for (Map.Entry<String, Object> field : pattern.entrySet()) {
            Object value = event.get(field.getKey());
            if (field.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked") Map<String, Object> inner = (Map<String, Object>) nested;
                if (!(value instanceof Map<?, ?> object)) {
                    return false;
                }
                @SuppressWarnings("unchecked") Map<String, Object> eventObject = (Map<String, Object>) object;
                if (!matches(inner, eventObject)) {
                    return false;
                }
            } else if (!oneOf((List<?>) field.getValue(), value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean oneOf(List<?> allowed, Object value) {
        if (value == null) {
            return false;
        }
        for (Object one : allowed) {
            if (String.valueOf(one).equals(String.valueOf(value))) {
                return true;
            }
        }
        return false;
    }
}
