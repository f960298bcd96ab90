package dev.flashsale.core.sale;

/**
 * Per-sale anti-bot settings. Stored with the sale; 0 means "no limit" for the rates and "none" for the jitter.
 */
public record Protection(
        ChallengeMode challenge,
        int minAnswerMillis,
        int perIpPerSecond,
        int perUserPerSecond,
        int jitterMillis) {

    public static final Protection DEFAULTS = new Protection(ChallengeMode.ON, 1000, 20, 2, 0);
    /** No challenge, no rate limits, no jitter: a sale open to anyone (load tests of admission itself). */
    public static final Protection NONE = new Protection(ChallengeMode.OFF, 0, 0, 0, 0);

    public Protection {
        if (challenge == null) {
            throw new IllegalArgumentException("challenge mode is required");
        }
        if (minAnswerMillis < 0 || perIpPerSecond < 0 || perUserPerSecond < 0 || jitterMillis < 0) {
            throw new IllegalArgumentException("protection values must not be negative");
        }
    }
}
