package dev.flashsale.local.cli;

import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The JSON the command line sends or prints: built as a map and written by the JSON mapper, never by hand. */
public final class JsonBody {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private JsonBody() {
    }

    /** {@code members} as one JSON object, in the map's order. */
    public static String of(Map<String, ?> members) {
        try {
            return new String(JSON.writeValueAsBytes(members), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** The mapper, for reading what a file or an answer holds. */
    static JsonMapper mapper() {
        return JSON;
    }
}
