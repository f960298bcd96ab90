package dev.flashsale.core.challenge;

import dev.flashsale.core.sale.ChallengeKind;

import java.time.Instant;

/**
 * An issued challenge and the signed token the answer must come back with: a question (kind {@code question}),
 * or a proof of work of {@code difficulty} leading zero bits over {@code "<challengeId>:<nonce>"}.
 */
public record Challenge(String challengeId, ChallengeKind kind, String question, int difficulty, Instant issuedAt,
                        Instant expiresAt, String token) {
}
