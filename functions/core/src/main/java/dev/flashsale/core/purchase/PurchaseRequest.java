package dev.flashsale.core.purchase;

import dev.flashsale.core.challenge.ChallengeAnswer;
import dev.flashsale.core.sale.Account;
import dev.flashsale.core.sale.UserIds;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A shopper's request to buy, with the answer to the sale's challenge (if any), the client address the gateway
 * vouches for, the time the gateway received it (null: unknown, the time of the check counts) and the client's own
 * request id (null: none). The same request id always names the same order, so a retry after a lost answer finds
 * the first attempt's order instead of buying again. {@code account}: what the verified token says of the
 * shopper's account (its age, its email), for a sale that admits only some accounts. {@link #problem()} says what
 * is wrong with it, if anything.
 */
public record PurchaseRequest(String userId, Integer quantity, ChallengeAnswer challenge, String clientAddress,
                              Instant arrivedAt, String requestId, Account account) {

    public PurchaseRequest(String userId, Integer quantity, ChallengeAnswer challenge, String clientAddress,
                           Instant arrivedAt, String requestId) {
        this(userId, quantity, challenge, clientAddress, arrivedAt, requestId, Account.UNKNOWN);
    }

    public PurchaseRequest(String userId, Integer quantity) {
        this(userId, quantity, null, null, null, null);
    }

    public PurchaseRequest(String userId, Integer quantity, ChallengeAnswer challenge, String clientAddress,
                           Instant arrivedAt) {
        this(userId, quantity, challenge, clientAddress, arrivedAt, null);
    }

    public static final int MAX_REQUEST_ID_LENGTH = 64;
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /** One unit per request: a multi-unit request could fail on one shard while another still holds units. */
    public static final int ALLOWED_QUANTITY = 1;

    public Optional<String> problem() {
        Optional<String> badUser = UserIds.problem(userId);
        if (badUser.isPresent()) {
            return badUser;
        }
        if (quantity == null || quantity != ALLOWED_QUANTITY) {
            return Optional.of("quantity must be " + ALLOWED_QUANTITY);
        }
        if (requestId != null && !REQUEST_ID.matcher(requestId).matches()) {
            return Optional.of("requestId must be 1.." + MAX_REQUEST_ID_LENGTH + " letters, digits or _.:-");
        }
        return Optional.empty();
    }
}
