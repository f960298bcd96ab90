package dev.flashsale.adapters.http;

import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fields a request body may carry and the JSON type of each, exactly as the API's contract says: a string is
 * a JSON string, an integer a JSON number without fraction or exponent, within its range. Fields not listed are
 * ignored (clients may send more than the contract reads), unless the shape is {@link #closed()}: an operator's
 * misspelled field ({@code perUserLimt}) must be a 400 that names it, never a silent default.
 */
public final class JsonShape {

    enum Type { STRING, TEXT, INTEGER, BOOLEAN, OBJECT }

    record Field(Type type, long min, long max, JsonShape nested) {
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Set<String> ignored = new HashSet<>();
    private boolean closed;

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

    /** {@code true} or {@code false}, never a string or a number standing for one. */
    public JsonShape bool(String name) {
        fields.put(name, new Field(Type.BOOLEAN, 0, 0, null));
        return this;
    }

    public JsonShape object(String name, JsonShape nested) {
        fields.put(name, new Field(Type.OBJECT, 0, 0, nested));
        return this;
    }

    /** Refuses fields the contract does not list (they are named in the 400). */
    public JsonShape closed() {
        closed = true;
        return this;
    }

    /** A field a closed shape accepts and nobody reads (what a GET returns beside the contract, for round trips). */
    public JsonShape ignoring(String name) {
        ignored.add(name);
        return this;
    }

    boolean refuses(String name) {
        return closed && !fields.containsKey(name) && !ignored.contains(name);
    }

    Iterable<String> names() {
        return fields.keySet();
    }

    Field field(String name) {
        return fields.get(name);
    }
}
