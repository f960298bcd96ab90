package dev.flashsale.adapters.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /api/sales/{saleId}/purchases} body. {@code requestId} (optional) names the attempt: a retry with the
 * same one finds the same order instead of buying again.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurchaseBody(String userId, Integer quantity, ChallengeBody challenge, String requestId) {

    public static final JsonShape SHAPE = JsonShape.object()
            .string("userId")
            .integer("quantity", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .object("challenge", JsonShape.object().string("challengeId").string("answer").string("token"))
            .string("requestId");
}
