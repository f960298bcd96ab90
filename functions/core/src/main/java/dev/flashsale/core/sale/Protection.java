package dev.flashsale.core.sale;

/**
 * Per-sale anti-bot settings. Stored with the sale; 0 means "no limit" for the rates and "none" for the jitter.
 * {@code challengeKind}: a question, or proof of work of {@code proofOfWorkBits} leading zero bits (raised under
 * load). {@code eligibility}: which accounts may buy at all (their age, a verified email).
 */
public record Protection(
        ChallengeMode challenge,
        int minAnswerMillis,
        int perIpPerSecond,
        int perUserPerSecond,
        int jitterMillis,
        ChallengeKind challengeKind,
        int proofOfWorkBits,
        Eligibility eligibility) {

    public static final int DEFAULT_PROOF_OF_WORK_BITS = 16;
    public static final Protection DEFAULTS = new Protection(ChallengeMode.ON, 1000, 20, 2, 0);
    /** No challenge, no rate limits, no jitter: a sale open to anyone (load tests of admission itself). */
    public static final Protection NONE = new Protection(ChallengeMode.OFF, 0, 0, 0, 0);

    /** A question-kind protection. */
    public Protection(ChallengeMode challenge, int minAnswerMillis, int perIpPerSecond, int perUserPerSecond,
                      int jitterMillis) {
        this(challenge, minAnswerMillis, perIpPerSecond, perUserPerSecond, jitterMillis, ChallengeKind.QUESTION,
                DEFAULT_PROOF_OF_WORK_BITS);
    }

    /** Open to any account. */
    public Protection(ChallengeMode challenge, int minAnswerMillis, int perIpPerSecond, int perUserPerSecond,
                      int jitterMillis, ChallengeKind challengeKind, int proofOfWorkBits) {
        this(challenge, minAnswerMillis, perIpPerSecond, perUserPerSecond, jitterMillis, challengeKind,
                proofOfWorkBits, Eligibility.ANYONE);
    }

    /** The same settings, for the accounts {@code eligibility} admits. */
    public Protection withEligibility(Eligibility eligibility) {
        return new Protection(challenge, minAnswerMillis, perIpPerSecond, perUserPerSecond, jitterMillis,
                challengeKind, proofOfWorkBits, eligibility);
    }

    public Protection {
        if (eligibility == null) {
            eligibility = Eligibility.ANYONE;
        }
        if (challenge == null || challengeKind == null) {
            throw new IllegalArgumentException("challenge mode and kind are required");
        }
        if (proofOfWorkBits < 1 || proofOfWorkBits > 28) {
            throw new IllegalArgumentException("proofOfWorkBits must be 1..28");
        }
        if (minAnswerMillis < 0 || perIpPerSecond < 0 || perUserPerSecond < 0 || jitterMillis < 0) {
            throw new IllegalArgumentException("protection values must not be negative");
        }
    }
}
