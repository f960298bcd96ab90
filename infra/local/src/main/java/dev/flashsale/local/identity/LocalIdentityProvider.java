package dev.flashsale.local.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stand-in for the shoppers' Cognito user pool: an RS256 key pair made per run, a JWKS, and ID tokens
 * with Cognito's claims ({@code sub}, {@code cognito:username}, {@code aud} = the app client id, {@code iss},
 * {@code token_use: id}, {@code iat}, {@code exp}, {@code auth_time}, {@code email_verified}, and the account's
 * creation time as the template's user pool stamps it, {@code custom:created_at}). Anyone on this machine may sign in as any
 * shopper: locally, an account costs nothing, so tests and {@code simulate} can be thousands of shoppers.
 */
public final class LocalIdentityProvider {

    /** Cognito's default ID token lifetime. */
    public static final Duration LIFETIME = Duration.ofHours(1);

    /** A signed ID token and when it expires. */
    public record Token(String token, Instant expiresAt) {
    }

    private final KeyPair keys;
    private final String keyId;
    private final String issuer;
    private final String clientId;

    public LocalIdentityProvider(String issuer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        this.keyId = HexFormat.of().formatHex(id);
        this.issuer = issuer;
        // Cognito app client ids are 26 lower-case letters and digits; a fresh one per run.
        this.clientId = UUID.randomUUID().toString().replace("-", "").substring(0, 26);
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    public Map<String, RSAPublicKey> publicKeys() {
        return Map.of(keyId, (RSAPublicKey) keys.getPublic());
    }

    /** What the local pool knows of an account: when it was made, and whether its email is verified. */
    public record Account(Instant createdAt, boolean emailVerified) {
    }

    /** Each shopper's account, made at their first sign-in (locally, signing in is signing up). */
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    public Token issue(String shopper, Instant now) {
        return issue(shopper, now, null);
    }

    /**
     * A token for {@code shopper}; {@code account} (null: as it stands, or a new verified account made now) says
     * how old the account is and whether its email is verified, so that a test or a simulation can stand for an
     * account made last year or never verified.
     */
    public Token issue(String shopper, Instant now, Account account) {
        Account stamped = account != null ? account : accounts.computeIfAbsent(shopper, s -> new Account(now, true));
        accounts.put(shopper, stamped);
        Map<String, Object> claims = claims(shopper, now);
        // Cognito's claims for these: email_verified (a boolean) and the custom attribute its post-confirmation
        // trigger writes (a string of epoch seconds, as custom attributes are strings).
        claims.put("email_verified", stamped.emailVerified());
        claims.put("custom:created_at", Long.toString(stamped.createdAt().getEpochSecond()));
        Instant expires = Instant.ofEpochSecond((Long) claims.get("exp"));
        return new Token(sign(Map.of("alg", "RS256", "kid", keyId, "typ", "JWT"), claims, keys), expires);
    }

    /** The claims of the ID token {@link #issue} signs for {@code shopper} at {@code now}. */
    public Map<String, Object> claims(String shopper, Instant now) {
        Instant expires = now.plus(LIFETIME);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", shopper);
        claims.put("cognito:username", shopper);
        claims.put("aud", clientId);
        claims.put("iss", issuer);
        claims.put("token_use", "id");
        claims.put("auth_time", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", expires.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** Any claims, signed with this pool's key: how tests make tokens of the wrong audience, issuer or use. */
    public String signClaims(Map<String, Object> claims) {
        return sign(Map.of("alg", "RS256", "kid", keyId, "typ", "JWT"), claims, keys);
    }

    /** {@code header.payload.signature}, each part base64url without padding. Tests use it to forge tokens too. */
    public static String sign(Map<String, Object> header, Map<String, Object> claims, KeyPair keys) {
        String signingInput = part(Json.write(header)) + "." + part(Json.write(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JWKS document, as Cognito publishes it at {@code <issuer>/.well-known/jwks.json}. */
    public String jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        return "{\"keys\":[{\"alg\":\"RS256\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\",\"kid\":\"" + keyId
                + "\",\"kty\":\"RSA\",\"n\":\"" + unsigned(key.getModulus()) + "\",\"use\":\"sig\"}]}";
    }

    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        byte[] trimmed = new byte[bytes.length - skip];
        System.arraycopy(bytes, skip, trimmed, 0, trimmed.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(trimmed);
    }
}
