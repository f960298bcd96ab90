package dev.flashsale.core.sale;

import java.util.Locale;
import java.util.Optional;

/** When a purchase must carry a solved challenge. */
public enum ChallengeMode {
    OFF,
    ON,
    ON_UNDER_LOAD;

    /** The wire form: {@code off}, {@code on}, {@code on-under-load}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<ChallengeMode> fromWire(String text) {
        for (ChallengeMode mode : values()) {
            if (mode.wire().equals(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
