package dev.flashsale.local.identity;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenVerifierTest {

    private final LocalIdentityProvider pool = new LocalIdentityProvider("http://127.0.0.1:1/auth/local");
    private final TokenVerifier verifier = new TokenVerifier(pool.publicKeys(), pool.issuer(), pool.clientId());
    private final Instant now = Instant.parse("2026-11-26T10:00:00Z");

    private Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "shopper-1");
        claims.put("aud", pool.clientId());
        claims.put("iss", pool.issuer());
        claims.put("token_use", "id");
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 3600);
        return claims;
    }

    private String refusal(String token) {
        TokenVerifier.Verdict verdict = verifier.verify(token, now);
        assertFalse(verdict.verified());
        return verdict.refusal();
    }

    @Test
    void verify_shouldPassTheClaimsAsStrings_whenThePoolIssuedTheToken() {
        String token = pool.issue("shopper-1", now).token();

        TokenVerifier.Verdict raw = verifier.verify(token, now.plusSeconds(60));
        TokenVerifier.Verdict bearer = verifier.verify("Bearer " + token, now.plusSeconds(60));

        assertTrue(raw.verified() && bearer.verified());
        assertEquals("shopper-1", raw.claims().get("sub"));
        assertEquals("shopper-1", raw.claims().get("cognito:username"));
        assertEquals("id", raw.claims().get("token_use"));
        assertEquals(Long.toString(now.getEpochSecond() + 3600), raw.claims().get("exp"));
    }

    @Test
    void verify_shouldRefuse_whenTheTokenIsMissingOrExpired() {
        String token = pool.issue("shopper-1", now).token();

        assertEquals("no token", refusal(null));
        assertEquals("no token", refusal(" "));
        assertEquals("expired", verifier.verify(token, now.plus(LocalIdentityProvider.LIFETIME)).refusal());
    }

    @Test
    void verify_shouldRefuseAVerifiedToken_whenItHasExpiredSince() {
        // given: a token verified once (and remembered, as API Gateway caches an authorizer's result)
        String token = pool.issue("shopper-1", now).token();
        assertTrue(verifier.verify(token, now.plusSeconds(1)).verified());

        // when: it is presented again after its expiry
        TokenVerifier.Verdict later = verifier.verify(token, now.plus(LocalIdentityProvider.LIFETIME));

        // then
        assertEquals("expired", later.refusal());
    }

    @Test
    void verify_shouldRefuse_whenIssuerAudienceOrUseAreNotThePools() {
        Map<String, Object> otherIssuer = claims();
        otherIssuer.put("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other");
        Map<String, Object> otherClient = claims();
        otherClient.put("aud", "someotherclient00000000000");
        Map<String, Object> access = claims();
        access.put("token_use", "access");
        Map<String, Object> noSub = claims();
        noSub.remove("sub");

        assertEquals("issuer", refusal(pool.signClaims(otherIssuer)));
        assertEquals("audience", refusal(pool.signClaims(otherClient)));
        assertEquals("token_use", refusal(pool.signClaims(access)));
        assertEquals("sub", refusal(pool.signClaims(noSub)));
    }

    @Test
    void verify_shouldRefuse_whenTheSignatureIsNotThePools() throws Exception {
        String real = pool.issue("shopper-1", now).token();
        String[] parts = real.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String edited = parts[0] + "." + b64.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("shopper-1", "shopper-2").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String ownKey = LocalIdentityProvider.sign(Map.of("alg", "RS256",
                "kid", pool.publicKeys().keySet().iterator().next()), claims(), generator.generateKeyPair());
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        String hmac = b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];

        assertEquals("signature", refusal(edited));
        assertEquals("signature", refusal(ownKey));
        assertEquals("malformed", refusal(none));
        assertEquals("alg", refusal(hmac));
        assertEquals("not a JWS", refusal("not-a-token"));
    }
}
