package dev.flashsale.core.challenge;

/** What a purchase carries back: the challenge id, the shopper's answer and the token it was issued with. */
public record ChallengeAnswer(String challengeId, String answer, String token) {
}
