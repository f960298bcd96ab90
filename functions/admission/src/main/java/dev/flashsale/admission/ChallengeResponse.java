package dev.flashsale.admission;

import dev.flashsale.core.challenge.Challenge;
import dev.flashsale.core.sale.ChallengeKind;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /api/sales/{saleId}/challenge}: a {@code question}, or a {@code proof-of-work} whose answer is a
 * nonce such that SHA-256 of {@code "<challengeId>:<nonce>"} starts with {@code difficulty} zero bits.
 */
@Serdeable
public record ChallengeResponse(String challengeId, String kind, String question, Integer difficulty,
                                String issuedAt, String expiresAt, String token) {

    public static ChallengeResponse of(Challenge challenge) {
        boolean work = challenge.kind() == ChallengeKind.PROOF_OF_WORK;
        return new ChallengeResponse(challenge.challengeId(), challenge.kind().wire(), challenge.question(),
                work ? challenge.difficulty() : null, challenge.issuedAt().toString(), challenge.expiresAt().toString(),
                challenge.token());
    }
}
