package dev.flashsale.core.hash;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The system's keyed hash: HMAC-SHA256 under the one server secret. Everything that must be unguessable without
 * the secret uses it (challenge signatures, each shopper's jitter, order ids named by a request id, log
 * pseudonyms), each with a label of its own as the first line of the message, so the uses never collide.
 */
public final class KeyedHash {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    public KeyedHash(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the secret must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    public byte[] mac(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
