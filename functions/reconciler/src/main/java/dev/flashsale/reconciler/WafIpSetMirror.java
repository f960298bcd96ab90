package dev.flashsale.reconciler;

import dev.flashsale.core.guard.EdgeAddresses;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The WAF IP sets of the CloudFront web ACL, fed from the blocklist: one for its IPv4 ranges and one for its IPv6
 * ranges (a WAF IP set holds one address family), each capped at WAF's 10,000. CloudFront's WAF lives in us-east-1 whatever the stack's region. The WAFv2 SDK module is not in the
 * registry this project builds from, so the two calls (GetIPSet, UpdateIPSet, JSON 1.1) are signed here with the
 * SDK's own SigV4 signer and sent on the function's HTTP client.
 */
@Singleton
@Requires(property = "flashsale.waf-ip-set-id")
public class WafIpSetMirror implements AddressBlocklistMirror {

    private static final URI ENDPOINT = URI.create("https://wafv2.us-east-1.amazonaws.com/");

    private final SdkHttpClient http;
    private final JsonMapper json;
    private final String id;
    private final String name;
    private final String v6Id;
    private final String v6Name;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();

    public WafIpSetMirror(SdkHttpClient http, JsonMapper json, @Value("${flashsale.waf-ip-set-id}") String id,
                          @Value("${flashsale.waf-ip-set-name}") String name,
                          @Value("${flashsale.waf-ip-set-v6-id:}") String v6Id,
                          @Value("${flashsale.waf-ip-set-v6-name:}") String v6Name) {
        this.v6Id = v6Id;
        this.v6Name = v6Name;
        this.http = http;
        this.json = json;
        this.id = id;
        this.name = name;
    }

    @Override
    public int mirror(List<String> ranges) {
        EdgeAddresses addresses = EdgeAddresses.of(ranges);
        update(id, name, addresses.ipv4());
        if (v6Id != null && !v6Id.isEmpty()) {
            update(v6Id, v6Name, addresses.ipv6());
            return addresses.ipv4().size() + addresses.ipv6().size();
        }
        return addresses.ipv4().size();
    }

    private void update(String setId, String setName, List<String> cidrs) {
        Map<String, Object> current = call("GetIPSet", Map.of("Id", setId, "Name", setName, "Scope", "CLOUDFRONT"));
        call("UpdateIPSet", Map.of("Id", setId, "Name", setName, "Scope", "CLOUDFRONT", "Addresses", cidrs,
                "LockToken", current.get("LockToken")));
    }

    private Map<String, Object> call(String action, Map<String, Object> body) {
        try {
            byte[] payload = json.writeValueAsBytes(body);
            SdkHttpRequest request = SdkHttpRequest.builder()
                    .method(SdkHttpMethod.POST)
                    .uri(ENDPOINT)
                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                    .putHeader("X-Amz-Target", "AWSWAF_20190729." + action)
                    .build();
            var signed = signer.sign(r -> r.request(request)
                    .payload(ContentStreamProvider.fromByteArray(payload))
                    .identity(credentials.resolveCredentials())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "wafv2")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElseThrow())
                    .build()).call();
            byte[] answer = response.responseBody().isPresent() ? response.responseBody().get().readAllBytes() : new byte[0];
            if (!response.httpResponse().isSuccessful()) {
                throw new IllegalStateException("WAF " + action + " failed: HTTP " + response.httpResponse().statusCode());
            }
            Map<String, Object> parsed = json.readValue(answer, Argument.mapOf(String.class, Object.class));
            return parsed == null ? Map.of() : parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
