package dev.flashsale.core.guard;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** A blocked user id or address range; {@code expiresAt} null means until removed. */
public record BlockEntry(Type type, String value, String reason, Instant createdAt, Instant expiresAt) {

    public enum Type {
        USER,
        IP;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Type> fromWire(String text) {
            for (Type type : values()) {
                if (type.wire().equals(text)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    public boolean isActiveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
