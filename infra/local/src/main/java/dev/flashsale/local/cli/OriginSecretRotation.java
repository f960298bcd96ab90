package dev.flashsale.local.cli;

import io.micronaut.core.type.Argument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rotation of the origin secret's string: a new value becomes {@code current}, the current one {@code previous}
 * (the functions accept both while CloudFront's edges take the new one), and {@code generation} counts up: the
 * value of the template's {@code OriginSecretGeneration} parameter that makes a deploy re-read the secret. A plain
 * string (a stack deployed before rotation existed) is generation 0's current value.
 */
public final class OriginSecretRotation {

    /** The secret's new string and its generation. */
    public record Rotated(String secretString, long generation) {
    }

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** As the template's GenerateSecretString makes it: 48 letters and digits. */
    static final int LENGTH = 48;

    private OriginSecretRotation() {
    }

    public static Rotated rotate(String secretString, String newValue) {
        String text = secretString.strip();
        String current = text;
        long generation = 0;
        if (text.startsWith("{")) {
            Map<String, Object> fields;
            try {
                fields = JsonBody.mapper().readValue(text.getBytes(StandardCharsets.UTF_8),
                        Argument.mapOf(String.class, Object.class));
            } catch (IOException unreadable) {
                throw new IllegalArgumentException("the origin secret is neither a plain value nor JSON");
            }
            if (!(fields.get("current") instanceof String value) || value.isEmpty()) {
                throw new IllegalArgumentException("the origin secret's JSON has no \"current\" value");
            }
            current = value;
            generation = fields.get("generation") instanceof Number number ? number.longValue() : 0;
        }
        if (newValue.equals(current)) {
            throw new IllegalArgumentException("the new value is the current one");
        }
        Map<String, Object> rotated = new LinkedHashMap<>();
        rotated.put("current", newValue);
        rotated.put("previous", current);
        rotated.put("generation", generation + 1);
        return new Rotated(JsonBody.of(rotated), generation + 1);
    }

    /** A new value, as GenerateSecretString with ExcludePunctuation makes one (and fit for an API key: 20+ chars). */
    public static String newValue(SecureRandom random) {
        StringBuilder value = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return value.toString();
    }
}
