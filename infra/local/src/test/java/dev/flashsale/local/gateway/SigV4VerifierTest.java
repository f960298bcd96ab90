package dev.flashsale.local.gateway;

import dev.flashsale.local.cli.SigV4Signer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests signed by the AWS SDK's own SigV4 signer, checked as API Gateway checks them. */
class SigV4VerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final URI SALE = URI.create("http://127.0.0.1:8080/api/admin/sales/summer%20drop");
    private static final byte[] BODY = "{\"name\":\"Summer\",\"stock\":5}".getBytes(StandardCharsets.UTF_8);

    private final SigV4Verifier verifier = new SigV4Verifier(Map.of("test", "test"), "us-east-1");

    private static SigV4Signer signer(String accessKey, String secret, String region, Instant at) {
        return new SigV4Signer(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)), region,
                Clock.fixed(at, ZoneOffset.UTC));
    }

    private static Map<String, List<String>> headersOf(SdkHttpRequest signed) {
        Map<String, List<String>> headers = new HashMap<>();
        signed.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
        return headers;
    }

    private Optional<SigV4Verifier.Refusal> check(SdkHttpRequest signed, String method, URI sentTo, byte[] body,
                                                  Instant at) {
        return verifier.verify(method, sentTo.getRawPath(), sentTo.getRawQuery(), headersOf(signed), body, at);
    }

    @Test
    void verify_shouldAccept_whenTheSdkSignedTheRequestWithTheStacksCredentials() {
        // given
        SdkHttpRequest put = signer("test", "test", "us-east-1", NOW).sign("PUT", SALE,
                Map.of("Content-Type", "application/json"), BODY);
        URI delete = URI.create("http://127.0.0.1:8080/api/admin/blacklist?value=203.0.113.0%2F24&type=ip");
        SdkHttpRequest remove = signer("test", "test", "us-east-1", NOW).sign("DELETE", delete, Map.of(), null);

        // when / then
        assertEquals(Optional.empty(), check(put, "PUT", put.getUri(), BODY, NOW.plusSeconds(2)));
        assertEquals(Optional.empty(), check(remove, "DELETE", remove.getUri(), new byte[0], NOW));
    }

    @Test
    void verify_shouldAnswerMissingAuthenticationToken_whenTheRequestIsUnsigned() {
        Optional<SigV4Verifier.Refusal> refused = verifier.verify("GET", "/api/admin/blacklist", null,
                Map.of("host", List.of("127.0.0.1:8080")), new byte[0], NOW);

        assertEquals("MISSING_AUTHENTICATION_TOKEN", refused.orElseThrow().responseType());
        assertEquals("Missing Authentication Token", refused.orElseThrow().message());
    }

    @Test
    void verify_shouldRefuseTheSignature_whenTheSecretIsWrong() {
        SdkHttpRequest put = signer("test", "not-the-secret", "us-east-1", NOW).sign("PUT", SALE, Map.of(), BODY);

        Optional<SigV4Verifier.Refusal> refused = check(put, "PUT", put.getUri(), BODY, NOW);

        assertEquals("INVALID_SIGNATURE", refused.orElseThrow().responseType());
        assertTrue(refused.orElseThrow().message().startsWith("The request signature we calculated does not match"));
    }

    @Test
    void verify_shouldRefuseTheSignature_whenBodyPathOrMethodWereAltered() {
        SdkHttpRequest put = signer("test", "test", "us-east-1", NOW).sign("PUT", SALE, Map.of(), BODY);
        byte[] otherBody = "{\"name\":\"Summer\",\"stock\":5000}".getBytes(StandardCharsets.UTF_8);

        assertEquals("INVALID_SIGNATURE", check(put, "PUT", put.getUri(), otherBody, NOW).orElseThrow().responseType());
        assertEquals("INVALID_SIGNATURE", check(put, "PUT", URI.create("http://127.0.0.1:8080/api/admin/sales/other"),
                BODY, NOW).orElseThrow().responseType());
        assertEquals("INVALID_SIGNATURE", check(put, "POST", put.getUri(), BODY, NOW).orElseThrow().responseType());
    }

    @Test
    void verify_shouldRefuseAnExpiredSignature_whenSignedMoreThanFiveMinutesAgo() {
        SdkHttpRequest old = signer("test", "test", "us-east-1", NOW.minus(Duration.ofMinutes(16)))
                .sign("GET", SALE, Map.of(), null);

        Optional<SigV4Verifier.Refusal> refused = check(old, "GET", old.getUri(), new byte[0], NOW);

        assertEquals("INVALID_SIGNATURE", refused.orElseThrow().responseType());
        assertTrue(refused.orElseThrow().message().startsWith("Signature expired: 20261126T094400Z is now earlier than"),
                refused.orElseThrow().message());
    }

    @Test
    void verify_shouldRefuse_whenTheKeyIsUnknownOrTheScopeIsAnotherRegion() {
        SdkHttpRequest stranger = signer("AKIDEXAMPLE", "test", "us-east-1", NOW).sign("GET", SALE, Map.of(), null);
        SdkHttpRequest elsewhere = signer("test", "test", "eu-west-1", NOW).sign("GET", SALE, Map.of(), null);

        assertEquals("ACCESS_DENIED", check(stranger, "GET", SALE, new byte[0], NOW).orElseThrow().responseType());
        assertEquals("Credential should be scoped to a valid region, not 'eu-west-1'.",
                check(elsewhere, "GET", SALE, new byte[0], NOW).orElseThrow().message());
    }
}
