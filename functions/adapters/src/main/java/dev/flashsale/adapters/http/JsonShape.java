package dev.flashsale.adapters.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields a request body may carry and the JSON type of each, exactly as the API's contract says: a string is
 * a JSON string, an integer a JSON number without fraction or exponent, within its range. Fields not listed are
 * ignored (clients may send more than the contract reads).
 */
public final class JsonShape {

    enum Type { STRING, TEXT, INTEGER, OBJECT }

    record Field(Type type, long min, long max, JsonShape nested) {
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();

    public static JsonShape object() {
        return new JsonShape();
    }

    /** A string of printable characters (identifiers, codes, times). */
    public JsonShape string(String name) {
        fields.put(name, new Field(Type.STRING, 0, 0, null));
        return this;
    }

    /** Free text: printable characters, plus line breaks and tabs. */
    public JsonShape text(String name) {
        fields.put(name, new Field(Type.TEXT, 0, 0, null));
        return this;
    }

    public JsonShape integer(String name, long min, long max) {
        fields.put(name, new Field(Type.INTEGER, min, max, null));
        return this;
    }

    public JsonShape object(String name, JsonShape nested) {
        fields.put(name, new Field(Type.OBJECT, 0, 0, nested));
        return this;
    }

    Field field(String name) {
        return fields.get(name);
    }
}
