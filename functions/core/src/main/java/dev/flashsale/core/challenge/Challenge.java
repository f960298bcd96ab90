package dev.flashsale.core.challenge;

import java.time.Instant;

/** An issued challenge: the question and the signed token the answer must come back with. */
public record Challenge(String challengeId, String question, Instant issuedAt, Instant expiresAt, String token) {
}
