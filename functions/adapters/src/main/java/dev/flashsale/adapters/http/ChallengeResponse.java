package dev.flashsale.adapters.http;

import dev.flashsale.core.challenge.Challenge;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /api/sales/{saleId}/challenge?userId=U}. */
@Serdeable
public record ChallengeResponse(String challengeId, String question, String issuedAt, String expiresAt, String token) {

    public static ChallengeResponse of(Challenge challenge) {
        return new ChallengeResponse(challenge.challengeId(), challenge.question(), challenge.issuedAt().toString(),
                challenge.expiresAt().toString(), challenge.token());
    }
}
