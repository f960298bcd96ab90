package dev.flashsale.local.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an {@code Authorization} header as API Gateway's Cognito user-pool authorizer does: the header holds the
 * ID token itself (a {@code Bearer } prefix is tolerated), signed RS256 by a key of the pool's JWKS, issued by the
 * pool, for the app client ({@code aud}), an ID token ({@code token_use: id}), not expired. What passes becomes
 * the claims the authorizer hands to the function in {@code requestContext.authorizer.claims}: every value a
 * string.
 */
public final class TokenVerifier {

    /** The verified claims, or why the token was refused (for logs; the client hears only 401). */
    public record Verdict(Map<String, String> claims, String refusal) {

        public boolean verified() {
            return claims != null;
        }

        static Verdict refused(String why) {
            return new Verdict(null, why);
        }
    }

    private final Map<String, RSAPublicKey> keys;
    private final String issuer;
    private final String clientId;

    /** Verified tokens, as API Gateway caches a Cognito authorizer's result by token: each until it expires. */
    private record Verified(Verdict verdict, long expiresAtSecond) {
    }

    private static final int MOST_CACHED = 200_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified =
            new java.util.concurrent.ConcurrentHashMap<>();

    public TokenVerifier(Map<String, RSAPublicKey> keys, String issuer, String clientId) {
        this.keys = Map.copyOf(keys);
        this.issuer = issuer;
        this.clientId = clientId;
    }

    public Verdict verify(String authorization, Instant now) {
        if (authorization == null || authorization.isBlank()) {
            return Verdict.refused("no token");
        }
        String token = authorization.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        Verified known = verified.get(token);
        if (known != null && now.getEpochSecond() < known.expiresAtSecond()) {
            return known.verdict(); // the signature and claims were checked once; only the expiry moves
        }
        Verdict verdict = verifyToken(token, now);
        if (verdict.verified()) {
            if (verified.size() >= MOST_CACHED) {
                verified.clear();
            }
            verified.put(token, new Verified(verdict, new java.math.BigDecimal(verdict.claims().get("exp")).longValue()));
        }
        return verdict;
    }

    private Verdict verifyToken(String token, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Verdict.refused("not a JWS");
        }
        Map<String, Object> header = Json.read(decode(parts[0]));
        Map<String, Object> payload = Json.read(decode(parts[1]));
        byte[] signature = decode(parts[2]);
        if (header == null || payload == null || signature.length == 0) {
            return Verdict.refused("malformed");
        }
        // The algorithm is fixed, never taken from the token: no "none", no HMAC with the public key.
        if (!"RS256".equals(header.get("alg"))) {
            return Verdict.refused("alg");
        }
        RSAPublicKey key = keys.get(String.valueOf(header.get("kid")));
        if (key == null || !signatureMatches(parts[0] + "." + parts[1], signature, key)) {
            return Verdict.refused("signature");
        }
        if (!issuer.equals(payload.get("iss"))) {
            return Verdict.refused("issuer");
        }
        if (!clientId.equals(payload.get("aud"))) {
            return Verdict.refused("audience");
        }
        if (!"id".equals(payload.get("token_use"))) {
            return Verdict.refused("token_use");
        }
        if (!(payload.get("exp") instanceof Number exp) || now.getEpochSecond() >= exp.longValue()) {
            return Verdict.refused("expired");
        }
        if (!(payload.get("sub") instanceof String sub) || sub.isBlank()) {
            return Verdict.refused("sub");
        }
        return new Verdict(passed(payload), null);
    }

    /** A verified token's claims as the authorizer passes them to the function: every value a string. */
    public static Map<String, String> passed(Map<String, Object> payload) {
        Map<String, String> claims = new LinkedHashMap<>();
        payload.forEach((name, value) -> claims.put(name, String.valueOf(value)));
        return claims;
    }

    private static boolean signatureMatches(String signingInput, byte[] signature, RSAPublicKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] decode(String part) {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** For tests: the claims of a token without checking anything. */
    public static Optional<Map<String, Object>> unverifiedClaims(String token) {
        String[] parts = token.split("\\.", -1);
        return parts.length == 3 ? Optional.ofNullable(Json.read(decode(parts[1]))) : Optional.empty();
    }
}
