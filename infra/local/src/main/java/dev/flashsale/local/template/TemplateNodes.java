package dev.flashsale.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading the parsed YAML tree: a missing or mistyped node reads as empty, never as a cast failure. */
public final class TemplateNodes {

    private TemplateNodes() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    public static List<Map<String, Object>> listOfMaps(Object value) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object item : list(value)) {
            maps.add(map(item));
        }
        return maps;
    }

    /** A whole number written as a YAML number or string; {@code absent} when there is none. */
    public static int integer(Object value, int absent) {
        return value == null ? absent : Integer.parseInt(value.toString().trim());
    }
}
