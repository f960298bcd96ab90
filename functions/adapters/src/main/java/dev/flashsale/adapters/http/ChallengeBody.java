package dev.flashsale.adapters.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flashsale.core.challenge.ChallengeAnswer;
import io.micronaut.serde.annotation.Serdeable;

/** The challenge part of a purchase body. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChallengeBody(String challengeId, String answer, String token) {

    public ChallengeAnswer toAnswer() {
        return new ChallengeAnswer(challengeId, answer, token);
    }
}
