package dev.flashsale.core.challenge;

/** The outcome of checking an answer; every verdict but {@link #PASSED} refuses the purchase. */
public enum ChallengeVerdict {
    PASSED,
    MISSING,
    /** Wrong answer, or a token forged, altered, or issued for another user, sale or challenge. */
    WRONG,
    /** A token of the other kind than the sale asks for (a proof of work sent as a question, or the reverse). */
    WRONG_KIND,
    EXPIRED,
    /** Answered faster than a person can: a script. */
    TOO_FAST,
    /** The token was already used once. */
    REUSED
}
