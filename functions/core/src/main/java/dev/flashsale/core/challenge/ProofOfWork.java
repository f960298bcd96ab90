package dev.flashsale.core.challenge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashcash: a nonce such that SHA-256 of {@code "<challengeId>:<nonce>"} starts with {@code bits} zero bits.
 * Finding one takes about 2^bits hashes (the page does it with Web Crypto); checking it takes one. Each attempt
 * costs the same work again, so a bot's thousand attempts cost a thousand times a shopper's one.
 */
public final class ProofOfWork {

    public static final int MAX_BITS = 28;
    static final int MAX_NONCE_LENGTH = 32;

    private ProofOfWork() {
    }

    public static boolean isSolved(String challengeId, String nonce, int bits) {
        if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH) {
            return false;
        }
        return leadingZeroBits(hash(challengeId + ":" + nonce)) >= bits;
    }

    /** For clients (the simulator): the first nonce 0, 1, 2, ... that solves it. */
    public static String solve(String challengeId, int bits) {
        for (long nonce = 0; ; nonce++) {
            String text = Long.toString(nonce);
            if (leadingZeroBits(hash(challengeId + ":" + text)) >= bits) {
                return text;
            }
        }
    }

    static int leadingZeroBits(byte[] digest) {
        int bits = 0;
        for (byte b : digest) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }

    private static byte[] hash(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
