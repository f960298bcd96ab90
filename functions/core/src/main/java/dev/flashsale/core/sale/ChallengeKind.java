package dev.flashsale.core.sale;

import java.util.Locale;
import java.util.Optional;

/** What a sale's challenge asks: a short question a person answers, or work a browser does (hashcash). */
public enum ChallengeKind {
    QUESTION,
    PROOF_OF_WORK;

    /** The wire form: {@code question}, {@code proof-of-work}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<ChallengeKind> fromWire(String text) {
        for (ChallengeKind kind : values()) {
            if (kind.wire().equals(text)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
