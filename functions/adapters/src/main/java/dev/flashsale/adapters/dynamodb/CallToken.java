package dev.flashsale.adapters.dynamodb;

import dev.flashsale.core.port.LedgerItems;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A shard write's call token as the shard item keeps it: the core's token hashed to 12 characters (72 bits; order
 * ids of any length cost the item the same), in one of {@link LedgerItems#RECENT_TOKENS} slots chosen by the hash
 * ({@code t0}..{@code tf} for takes, {@code p0}..{@code pf} for put-backs). A newer token in the same slot forgets
 * the older: a retry is recognised while its slot has not been reused, that is, for the next few calls on the
 * shard, which is when the SDK resends (within its timeouts and backoff).
 */
record CallToken(String slot, String value) {

    /** The condition every tokened write carries: the token is not in its slot. */
    static final String ABSENT = "(attribute_not_exists(#slot) OR #slot <> :token)";

    static CallToken take(String token) {
        return of("t", token);
    }

    static CallToken putBack(String token) {
        return of("p", token);
    }

    private static CallToken of(String kind, String token) {
        byte[] digest = sha256(token);
        String slot = kind + Integer.toHexString((digest[0] & 0xff) % LedgerItems.RECENT_TOKENS);
        return new CallToken(slot, Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible); // every JVM has SHA-256
        }
    }
}
