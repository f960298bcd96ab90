package dev.flashsale.local.identity;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The JSON the identity code reads and writes: flat objects of strings and numbers. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.createDefault();

    private Json() {
    }

    static String write(Map<String, Object> object) {
        try {
            return new String(MAPPER.writeValueAsBytes(object), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object, or null when the bytes are not one JSON object. */
    static Map<String, Object> read(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
