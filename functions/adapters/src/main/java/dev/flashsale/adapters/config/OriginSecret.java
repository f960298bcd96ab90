package dev.flashsale.adapters.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import dev.flashsale.adapters.time.Ticker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The values CloudFront puts in {@code X-Origin-Verify}, proving a request came through the distribution: the
 * secret's {@code current} and, during a rotation, its {@code previous} (CloudFront's edges take minutes to all
 * send the new one). A plain-string secret (a stack deployed before rotation existed) is its current value. A
 * container lives for hours, so the secret is read again once {@link #REFRESH} has passed since the last read.
 */
public final class OriginSecret {

    /** How long a read of the secret is believed; a rotation waits at least this before CloudFront sends the new value. */
    public static final Duration REFRESH = Duration.ofMinutes(5);

    private static final JsonFactory JSON = new JsonFactory();

    private final Supplier<Optional<String>> source;
    private final Ticker ticker;
    private final boolean configured;
    private volatile List<byte[]> accepted;
    private volatile long readAtNanos;

    /** {@code source} reads the secret string (Secrets Manager, or a fixed setting); called at once and on refresh. */
    public OriginSecret(Supplier<Optional<String>> source, Ticker ticker) {
        this.source = source;
        this.ticker = ticker;
        Optional<String> first = source.get();
        this.configured = first.isPresent();
        this.accepted = first.map(OriginSecret::values).orElse(List.of());
        this.readAtNanos = ticker.nanos();
    }

    /** A fixed value (no secret store to re-read). */
    public OriginSecret(Optional<String> value) {
        this(() -> value, System::nanoTime);
    }

    public boolean isConfigured() {
        return configured;
    }

    /** Constant-time comparison with every accepted value; false when no secret is configured. */
    public boolean isPresentIn(String header) {
        if (!configured || header == null) {
            return false;
        }
        refreshIfDue();
        byte[] offered = header.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] value : accepted) {
            found |= MessageDigest.isEqual(value, offered); // no early exit: each value is compared
        }
        return found;
    }

    private void refreshIfDue() {
        long now = ticker.nanos();
        if (now - readAtNanos < REFRESH.toNanos()) {
            return;
        }
        synchronized (this) {
            if (now - readAtNanos < REFRESH.toNanos()) {
                return;
            }
            readAtNanos = now; // a failed read is retried after REFRESH, not on every request
            try {
                source.get().map(OriginSecret::values).filter(values -> !values.isEmpty())
                        .ifPresent(values -> accepted = values);
            } catch (RuntimeException unreadable) {
                // The values read before stay in force: a Secrets Manager outage must not refuse CloudFront.
            }
        }
    }

    /** {@code {"current": ..., "previous": ...}} (previous optional), or a plain string: the current value. */
    static List<byte[]> values(String secretString) {
        String text = secretString.strip();
        if (!text.startsWith("{")) {
            return List.of(text.getBytes(StandardCharsets.UTF_8));
        }
        String current = null;
        String previous = null;
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the origin secret is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && "current".equals(name)) {
                    current = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && "previous".equals(name)) {
                    previous = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException unparsable) {
            throw new UncheckedIOException("the origin secret is neither a plain value nor JSON", unparsable);
        }
        if (current == null || current.isEmpty()) {
            throw new IllegalArgumentException("the origin secret's JSON has no \"current\" value");
        }
        List<byte[]> values = new ArrayList<>();
        values.add(current.getBytes(StandardCharsets.UTF_8));
        if (previous != null && !previous.isEmpty()) {
            values.add(previous.getBytes(StandardCharsets.UTF_8));
        }
        return List.copyOf(values);
    }
}
