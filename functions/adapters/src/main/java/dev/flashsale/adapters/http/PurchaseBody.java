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
}
