package dev.flashsale.core.challenge;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HMAC-SHA256 over everything a challenge binds: its id, the user, the sale, the issue time and the answer.
 * The answer is never in the token, only in the MAC: the token cannot be read for it, and a token is worthless
 * for any other user, sale or challenge. Comparison is constant-time.
 */
public final class ChallengeSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    public ChallengeSigner(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the challenge secret must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    public String sign(String challengeId, String saleId, String userId, long issuedAtMillis, String answer) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac(String.join("\n", "v1", challengeId, saleId, userId, Long.toString(issuedAtMillis),
                        normalise(answer))));
    }

    public boolean matches(String signature, String challengeId, String saleId, String userId, long issuedAtMillis,
                           String answer) {
        byte[] expected = sign(challengeId, saleId, userId, issuedAtMillis, answer).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** A keyed hash for other uses of the same secret (a label keeps the uses apart). */
    public byte[] mac(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String answer) {
        return answer == null ? "" : answer.strip();
    }
}
