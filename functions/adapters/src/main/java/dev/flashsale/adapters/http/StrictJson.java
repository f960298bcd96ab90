package dev.flashsale.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.flashsale.core.text.Printable;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a body against its {@link JsonShape} before anything binds it: one JSON object and nothing after it,
 * no key twice, every known field of its contract type, every string printable. A lenient binder would turn
 * {@code "1"} or {@code 1.5} into 1, {@code ["a"]} into "a" and keep the first of two keys; here each of these is
 * a 400 that names the field.
 */
final class StrictJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private StrictJson() {
    }

    /** What is wrong with the body, if anything. */
    static Optional<String> problem(byte[] body, JsonShape shape) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.of("The body must be one JSON object.");
            }
            Optional<String> problem = object(parser, shape, "");
            if (problem.isPresent()) {
                return problem;
            }
            return trailing(parser);
        } catch (IOException malformed) {
            // The parser's own text is never echoed: it quotes the input.
            return Optional.of("The body is not well-formed JSON.");
        }
    }

    private static Optional<String> trailing(JsonParser parser) {
        try {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
        } catch (IOException garbage) {
            // not even a token: still data after the object
        }
        return Optional.of("The body must be one JSON object with nothing after it.");
    }

    /** Reads one object, the parser on its START_OBJECT; leaves it on the matching END_OBJECT. */
    private static Optional<String> object(JsonParser parser, JsonShape shape, String prefix) throws IOException {
        Set<String> seen = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String path = prefix + name;
            if (!seen.add(name)) {
                return Optional.of(printable(path) + " appears twice; each key may appear once.");
            }
            JsonToken value = parser.nextToken();
            if (shape.refuses(name)) {
                unknown.add(printable(path));
            }
            JsonShape.Field field = shape.field(name);
            if (field == null || value == JsonToken.VALUE_NULL) {
                if (!skip(parser, value)) { // not read by the contract (null: absent), but still one key once
                    return Optional.of("The body must not repeat a key.");
                }
                continue;
            }
            Optional<String> problem = value(parser, value, field, path);
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (!unknown.isEmpty()) {
            return Optional.of((unknown.size() == 1 ? "Unknown field " : "Unknown fields ") + String.join(", ", unknown)
                    + "; the fields " + (prefix.isEmpty() ? "this body" : prefix.substring(0, prefix.length() - 1))
                    + " takes are " + String.join(", ", shape.names()) + ".");
        }
        return Optional.empty();
    }

    /** Walks a value nobody reads; false when an object in it repeats a key. */
    private static boolean skip(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            Set<String> seen = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (!seen.add(parser.currentName()) || !skip(parser, parser.nextToken())) {
                    return false;
                }
            }
        } else if (token == JsonToken.START_ARRAY) {
            for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                if (item == null) {
                    throw new IOException("unterminated array");
                }
                if (!skip(parser, item)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Optional<String> value(JsonParser parser, JsonToken token, JsonShape.Field field, String path)
            throws IOException {
        switch (field.type()) {
            case STRING:
            case TEXT:
                if (token != JsonToken.VALUE_STRING) {
                    return Optional.of(path + " must be a JSON string.");
                }
                String text = parser.getText();
                String checked = field.type() == JsonShape.Type.TEXT ? text.replace('\n', ' ').replace('\t', ' ') : text;
                return Printable.isPrintable(checked) ? Optional.empty()
                        : Optional.of(path + " must be printable characters only (no control, surrogate,"
                                + " bidi-override or zero-width characters).");
            case INTEGER:
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    return Optional.of(path + " must be a JSON integer (no quotes, fraction or exponent).");
                }
                BigInteger number = parser.getBigIntegerValue();
                if (number.compareTo(BigInteger.valueOf(field.min())) < 0
                        || number.compareTo(BigInteger.valueOf(field.max())) > 0) {
                    return Optional.of(path + " must be an integer from " + field.min() + " to " + field.max() + ".");
                }
                return Optional.empty();
            case BOOLEAN:
                return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE ? Optional.empty()
                        : Optional.of(path + " must be true or false.");
            case OBJECT:
                if (token != JsonToken.START_OBJECT) {
                    return Optional.of(path + " must be a JSON object.");
                }
                return object(parser, field.nested(), path + ".");
            default:
                throw new IllegalStateException("unknown field type " + field.type());
        }
    }

    /** Key names are echoed in messages: only when they are harmless. */
    private static String printable(String name) {
        return name.length() <= 64 && Printable.isPrintable(name) ? name : "A key";
    }
}
