package dev.flashsale.local.cloud.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an {@code UpdateExpression} makes of an item's top-level attributes, as far as an index key needs it:
 * {@code SET a = :v}, {@code SET a = b}, {@code SET a = if_not_exists(b, :v|c)} and {@code REMOVE a}, on the item
 * as it was. Anything else (arithmetic, list_append, nested paths) leaves the attribute as it was; the front
 * settles on the item as written afterwards, so only the throttle decision uses this guess.
 */
final class UpdatePrediction {

    private UpdatePrediction() {
    }

    /** The item after the update, as far as top-level SET of a value or path and REMOVE go. */
    static Map<String, Object> apply(Map<String, Object> old, String expression, Map<String, String> names,
                                     Map<String, Object> values) {
        Map<String, Object> item = new HashMap<>(old == null ? Map.of() : old);
        if (expression == null) {
            return item;
        }
        for (String[] clause : clauses(expression)) {
            String action = clause[0];
            for (String part : topLevel(clause[1])) {
                if (action.equals("SET")) {
                    int equals = part.indexOf('=');
                    if (equals < 0) {
                        continue;
                    }
                    String path = name(part.substring(0, equals).trim(), names);
                    Object value = operand(part.substring(equals + 1).trim(), old, names, values);
                    if (value != null) {
                        item.put(path, value);
                    }
                } else if (action.equals("REMOVE")) {
                    item.remove(name(part.trim(), names));
                }
            }
        }
        return item;
    }

    private static Object operand(String text, Map<String, Object> old, Map<String, String> names,
                                  Map<String, Object> values) {
        if (text.startsWith(":")) {
            return values == null ? null : values.get(text);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("if_not_exists(") && text.endsWith(")")) {
            List<String> args = topLevel(text.substring("if_not_exists(".length(), text.length() - 1));
            if (args.size() == 2) {
                Object present = old == null ? null : old.get(name(args.get(0).trim(), names));
                return present != null ? present : operand(args.get(1).trim(), old, names, values);
            }
            return null;
        }
        if (text.matches("#?[A-Za-z0-9_]+")) {
            return old == null ? null : old.get(name(text, names));
        }
        return null; // arithmetic, list_append, a nested path: not guessed
    }

    private static String name(String path, Map<String, String> names) {
        return path.startsWith("#") && names != null && names.containsKey(path) ? names.get(path) : path;
    }

    /** The expression's clauses: {action, body}, split at the keywords outside parentheses. */
    private static List<String[]> clauses(String expression) {
        List<String[]> clauses = new ArrayList<>();
        String[] words = {"SET", "REMOVE", "ADD", "DELETE"};
        int depth = 0;
        int start = -1;
        String action = null;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth != 0 || (i > 0 && isNameChar(expression.charAt(i - 1)))) {
                continue;
            }
            for (String word : words) {
                int end = i + word.length();
                if (expression.regionMatches(true, i, word, 0, word.length())
                        && (end == expression.length() || !isNameChar(expression.charAt(end)))) {
                    if (action != null) {
                        clauses.add(new String[] {action, expression.substring(start, i)});
                    }
                    action = word;
                    start = end;
                    i = end - 1;
                    break;
                }
            }
        }
        if (action != null) {
            clauses.add(new String[] {action, expression.substring(start)});
        }
        return clauses;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '#' || c == ':';
    }

    /** {@code text} split at commas outside parentheses. */
    private static List<String> topLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
