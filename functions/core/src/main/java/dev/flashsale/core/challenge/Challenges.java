package dev.flashsale.core.challenge;

import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.port.ChallengeLedger;
import dev.flashsale.core.sale.ChallengeKind;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Issues and checks challenges. The token is {@code v1.<challengeId>.<issuedAtMillis>.<mac>} (a question) or
 * {@code p1.<challengeId>.<issuedAtMillis>.<bits>.<mac>} (proof of work): stateless to check, except that its first
 * use is recorded ({@link ChallengeLedger}) so it never buys twice. The prefix only says which fields follow; the
 * kind and difficulty are proven by the MAC, and a token must be of the kind the sale asks for.
 */
public final class Challenges {

    public static final Duration LIFETIME = Duration.ofMinutes(2);
    /** What a proof-of-work token's MAC binds in place of an answer (the nonce is checked by hashing). */
    private static final String WORK = "proof-of-work:";

    private final ChallengeSignature signer;
    private final ChallengeLedger ledger;
    private final RandomGenerator random;

    public Challenges(KeyedHash keyedHash, ChallengeLedger ledger, RandomGenerator random) {
        this.signer = new ChallengeSignature(keyedHash);
        this.ledger = ledger;
        this.random = random;
    }

    public Challenge issue(String saleId, String userId, Instant now) {
        return issue(saleId, userId, now, ChallengeKind.QUESTION, 0);
    }

    /**
     * A question ({@code v1.<id>.<issuedAt>.<mac>}, the MAC binding the answer) or a proof of work
     * ({@code p1.<id>.<issuedAt>.<bits>.<mac>}, the MAC binding the difficulty, so it cannot be lowered).
     */
    public Challenge issue(String saleId, String userId, Instant now, ChallengeKind kind, int bits) {
        byte[] idBytes = new byte[12];
        random.nextBytes(idBytes);
        String challengeId = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        long issuedAt = now.toEpochMilli();
        Instant issued = Instant.ofEpochMilli(issuedAt);
        if (kind == ChallengeKind.PROOF_OF_WORK) {
            String token = "p1." + challengeId + "." + issuedAt + "." + bits + "."
                    + signer.sign(kind, bits, challengeId, saleId, userId, issuedAt, WORK + bits);
            return new Challenge(challengeId, kind, null, bits, issued, issued.plus(LIFETIME), token);
        }
        Question question = Question.random(random);
        String token = "v1." + challengeId + "." + issuedAt + "."
                + signer.sign(ChallengeKind.QUESTION, 0, challengeId, saleId, userId, issuedAt,
                question.answer());
        return new Challenge(challengeId, kind, question.text(), 0, issued, issued.plus(LIFETIME), token);
    }

    /**
     * The longest a question may ask to be thought about for a sale's {@code minAnswerMillis}: each asks for its
     * own time between the two (a keyed hash of its id), so no fixed delay after the issue is known to be enough
     * but this one. A client that must pass (the simulator's shoppers) waits this long.
     */
    public static long longestMinimumMillis(long minAnswerMillis) {
        return minAnswerMillis + spreadBound(minAnswerMillis);
    }

    private static long spreadBound(long minAnswerMillis) {
        return Math.max(0, minAnswerMillis) / 2;
    }

    /** The check below, the thinking time counted from the issue. */
    public ChallengeVerdict check(String saleId, String userId, ChallengeKind kind, ChallengeAnswer answer,
                                  Instant now, Instant answeredAt, long minAnswerMillis) {
        return check(saleId, userId, kind, answer, now, answeredAt, minAnswerMillis, null);
    }

    /**
     * Checks an answer; a passing answer consumes its token, so the same token never passes again.
     *
     * @param kind         the kind the sale asks for now: a token of the other kind is refused whatever it carries
     * @param answeredAt   when the answer reached the gateway (API Gateway's request time): the timing check must
     *                     not count the system's own queueing as the shopper's thinking time
     * @param shopperStart the shopper's own start (null: none): the thinking time counts from the later of it and
     *                     the issue, so time spent with a challenge before one may buy counts for nothing
     */
    public ChallengeVerdict check(String saleId, String userId, ChallengeKind kind, ChallengeAnswer answer,
                                  Instant now, Instant answeredAt, long minAnswerMillis, Instant shopperStart) {
        if (answer == null || answer.token() == null || answer.challengeId() == null || answer.answer() == null) {
            return ChallengeVerdict.MISSING;
        }
        String[] parts = answer.token().split("\\.", -1);
        boolean work = parts.length == 5 && "p1".equals(parts[0]);
        if (!(work || (parts.length == 4 && "v1".equals(parts[0]))) || !parts[1].equals(answer.challengeId())) {
            return ChallengeVerdict.WRONG;
        }
        if (work != (kind == ChallengeKind.PROOF_OF_WORK)) {
            return ChallengeVerdict.WRONG_KIND;
        }
        long issuedAt;
        int bits;
        try {
            issuedAt = Long.parseLong(parts[2]);
            bits = work ? Integer.parseInt(parts[3]) : 0;
        } catch (NumberFormatException e) {
            return ChallengeVerdict.WRONG;
        }
        // The MAC first: nothing in the token (its time and difficulty included) is believed before it is proven.
        if (work) {
            if (!signer.matches(parts[4], kind, bits, parts[1], saleId, userId, issuedAt, WORK + bits)
                    || !ProofOfWork.isSolved(parts[1], answer.answer(), bits)) {
                return ChallengeVerdict.WRONG;
            }
        } else if (!signer.matches(parts[3], kind, 0, parts[1], saleId, userId, issuedAt, answer.answer())) {
            return ChallengeVerdict.WRONG;
        }
        Instant issued = Instant.ofEpochMilli(issuedAt);
        if (!now.isBefore(issued.plus(LIFETIME)) || now.isBefore(issued.minusSeconds(5))) {
            return ChallengeVerdict.EXPIRED;
        }
        // The work is its own cost; a question must also take a person's time to answer, from the moment the
        // shopper could first buy, and this challenge's own share of the spread on top of the sale's minimum.
        if (!work) {
            long from = shopperStart == null ? issuedAt : Math.max(issuedAt, shopperStart.toEpochMilli());
            long required = minAnswerMillis + signer.spread(parts[1], spreadBound(minAnswerMillis));
            if (answeredAt.toEpochMilli() - from < required) {
                return ChallengeVerdict.TOO_FAST;
            }
        }
        if (!ledger.consume(answer.challengeId(), issued.plus(LIFETIME))) {
            return ChallengeVerdict.REUSED;
        }
        return ChallengeVerdict.PASSED;
    }
}
