package dev.flashsale.core.challenge;

import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.sale.ChallengeKind;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The keyed hash over everything a challenge binds: its kind and difficulty, its id, the user, the sale, the
 * issue time and the answer. The kind is inside the MAC so that a token of one kind can never be relabelled as
 * the other (a proof of work passed off as a question whose "answer" is its public difficulty). The answer is
 * never in the token, only in the MAC: the token cannot be read for it, and a token is worthless for any other
 * user, sale or challenge. Comparison is constant-time.
 */
final class ChallengeSignature {

    private static final String VERSION = "v2";

    private final KeyedHash keyedHash;

    ChallengeSignature(KeyedHash keyedHash) {
        this.keyedHash = keyedHash;
    }

    String sign(ChallengeKind kind, int difficulty, String challengeId, String saleId, String userId,
                long issuedAtMillis, String answer) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                keyedHash.mac(String.join("\n", VERSION, kind.wire(), Integer.toString(difficulty), challengeId,
                        saleId, userId, Long.toString(issuedAtMillis), normalise(answer))));
    }

    boolean matches(String signature, ChallengeKind kind, int difficulty, String challengeId, String saleId,
                    String userId, long issuedAtMillis, String answer) {
        byte[] expected = sign(kind, difficulty, challengeId, saleId, userId, issuedAtMillis, answer)
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A number in {@code [0, bound]} that only the server can compute for this challenge and that is the same at
     * every check: how much longer than the sale's minimum this challenge asks to be thought about.
     */
    long spread(String challengeId, long bound) {
        if (bound <= 0) {
            return 0;
        }
        return Math.floorMod(ByteBuffer.wrap(keyedHash.mac("spread\n" + challengeId)).getLong(), bound + 1);
    }

    private static String normalise(String answer) {
        return answer == null ? "" : answer.strip();
    }
}
