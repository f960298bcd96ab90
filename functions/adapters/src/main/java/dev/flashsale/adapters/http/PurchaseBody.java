package dev.flashsale.adapters.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /api/sales/{saleId}/purchases} body. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurchaseBody(String userId, Integer quantity, ChallengeBody challenge) {
}
