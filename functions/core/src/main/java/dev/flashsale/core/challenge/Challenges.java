package dev.flashsale.core.challenge;

import dev.flashsale.core.port.ChallengeLedger;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Issues and checks challenges. The token is {@code v1.<challengeId>.<issuedAtMillis>.<mac>}: stateless to check,
 * except that its first use is recorded ({@link ChallengeLedger}) so it never buys twice.
 */
public final class Challenges {

    public static final Duration LIFETIME = Duration.ofMinutes(2);

    private final ChallengeSigner signer;
    private final ChallengeLedger ledger;
    private final RandomGenerator random;

    public Challenges(ChallengeSigner signer, ChallengeLedger ledger, RandomGenerator random) {
        this.signer = signer;
        this.ledger = ledger;
        this.random = random;
    }

    public Challenge issue(String saleId, String userId, Instant now) {
        byte[] idBytes = new byte[12];
        random.nextBytes(idBytes);
        String challengeId = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        Question question = Question.random(random);
        long issuedAt = now.toEpochMilli();
        String token = "v1." + challengeId + "." + issuedAt + "."
                + signer.sign(challengeId, saleId, userId, issuedAt, question.answer());
        return new Challenge(challengeId, question.text(), Instant.ofEpochMilli(issuedAt),
                Instant.ofEpochMilli(issuedAt).plus(LIFETIME), token);
    }

    /**
     * Checks an answer; a passing answer consumes its token, so the same token never passes again.
     *
     * @param answeredAt when the answer reached the gateway (API Gateway's request time): the timing check must
     *                   not count the system's own queueing as the shopper's thinking time
     */
    public ChallengeVerdict check(String saleId, String userId, ChallengeAnswer answer, Instant now,
                                  Instant answeredAt, long minAnswerMillis) {
        if (answer == null || answer.token() == null || answer.challengeId() == null || answer.answer() == null) {
            return ChallengeVerdict.MISSING;
        }
        String[] parts = answer.token().split("\\.", -1);
        if (parts.length != 4 || !"v1".equals(parts[0]) || !parts[1].equals(answer.challengeId())) {
            return ChallengeVerdict.WRONG;
        }
        long issuedAt;
        try {
            issuedAt = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return ChallengeVerdict.WRONG;
        }
        // The MAC first: nothing in the token (its time included) is believed before it is proven.
        if (!signer.matches(parts[3], parts[1], saleId, userId, issuedAt, answer.answer())) {
            return ChallengeVerdict.WRONG;
        }
        Instant issued = Instant.ofEpochMilli(issuedAt);
        if (!now.isBefore(issued.plus(LIFETIME)) || now.isBefore(issued.minusSeconds(5))) {
            return ChallengeVerdict.EXPIRED;
        }
        if (answeredAt.toEpochMilli() - issuedAt < minAnswerMillis) {
            return ChallengeVerdict.TOO_FAST;
        }
        if (!ledger.consume(answer.challengeId(), issued.plus(LIFETIME))) {
            return ChallengeVerdict.REUSED;
        }
        return ChallengeVerdict.PASSED;
    }
}
