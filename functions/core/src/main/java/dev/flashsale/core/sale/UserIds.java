package dev.flashsale.core.sale;

import dev.flashsale.core.text.Printable;

import java.util.Optional;

/**
 * User ids appear in keys, logs and pages, so they are kept short and printable. A problem names the field that
 * carried the id ({@code userId} in a purchase, {@code value} in a blocklist entry).
 */
public final class UserIds {

    public static final int MAX_LENGTH = 64;

    private UserIds() {
    }

    public static boolean isValid(String userId) {
        return problem(userId).isEmpty();
    }

    public static Optional<String> problem(String userId) {
        return problem("userId", userId);
    }

    public static Optional<String> problem(String field, String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(field + " is required");
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of(field + " must be at most " + MAX_LENGTH + " characters");
        }
        if (!Printable.isPrintable(value)) {
            return Optional.of(field + " must be printable characters only (no control, surrogate, bidi-override or"
                    + " zero-width characters)");
        }
        return Optional.empty();
    }
}
