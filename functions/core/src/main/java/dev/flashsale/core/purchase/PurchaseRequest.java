package dev.flashsale.core.purchase;

import dev.flashsale.core.challenge.ChallengeAnswer;
import dev.flashsale.core.text.Printable;

import java.time.Instant;
import java.util.Optional;

/**
 * A shopper's request to buy, with the answer to the sale's challenge (if any), the client address the gateway
 * vouches for and the time the gateway received it (null: unknown, the time of the check counts);
 * {@link #problem()} says what is wrong with it, if anything.
 */
public record PurchaseRequest(String userId, Integer quantity, ChallengeAnswer challenge, String clientAddress,
                              Instant arrivedAt) {

    public PurchaseRequest(String userId, Integer quantity) {
        this(userId, quantity, null, null, null);
    }

    public static final int MAX_USER_ID_LENGTH = 64;
    /** One unit per request: a multi-unit request could fail on one shard while another still holds units. */
    public static final int ALLOWED_QUANTITY = 1;

    public Optional<String> problem() {
        if (userId == null || userId.isBlank()) {
            return Optional.of("userId is required");
        }
        if (userId.length() > MAX_USER_ID_LENGTH) {
            return Optional.of("userId must be at most " + MAX_USER_ID_LENGTH + " characters");
        }
        if (!Printable.isPrintable(userId)) {
            return Optional.of("userId must be printable characters only (no control, surrogate, bidi-override or"
                    + " zero-width characters)");
        }
        if (quantity == null || quantity != ALLOWED_QUANTITY) {
            return Optional.of("quantity must be " + ALLOWED_QUANTITY);
        }
        return Optional.empty();
    }
}
