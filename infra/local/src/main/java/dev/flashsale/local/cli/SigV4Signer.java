package dev.flashsale.local.cli;

import dev.flashsale.local.cloud.LocalCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs requests to the API's admin routes with SigV4 (service {@code execute-api}), as an {@code AWS_IAM} route
 * of API Gateway requires: credentials from the SDK's default chain (environment, profile, IAM Identity Center,
 * container or instance role) for a deployed stack, or the local stack's own ({@code test} / {@code test}).
 */
public final class SigV4Signer {

    /** No credentials anywhere in the chain: a message for the operator, one line. */
    public static final class MissingCredentials extends RuntimeException {
        MissingCredentials(String message) {
            super(message);
        }
    }

    private static final Pattern EXECUTE_API_HOST =
            Pattern.compile("^[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public SigV4Signer(AwsCredentialsProvider credentials, String region) {
        this(credentials, region, Clock.systemUTC());
    }

    /** With the clock the signature's date comes from (tests sign in the past). */
    public SigV4Signer(AwsCredentialsProvider credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    /** The local stack's credentials and region, as the runner prints them at start. */
    public static SigV4Signer forLocalStack() {
        return new SigV4Signer(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCloud.ACCESS_KEY_ID, LocalCloud.SECRET_ACCESS_KEY)), LocalCloud.REGION);
    }

    /**
     * The SDK's default credentials chain (with {@code profile} when given), signing for the region of an
     * {@code execute-api} URL, else {@code region} when given, else the SDK's region settings, else us-east-1.
     */
    public static SigV4Signer fromDefaultChain(URI api, String profile, String region) {
        DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
        if (profile != null) {
            chain.profileName(profile);
        }
        return new SigV4Signer(chain.build(), regionFor(api, region));
    }

    static String regionFor(URI api, String region) {
        Matcher host = EXECUTE_API_HOST.matcher(api.getHost() == null ? "" : api.getHost());
        if (host.matches()) {
            return host.group(1);
        }
        if (region != null) {
            return region;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException none) {
            return LocalCloud.REGION;
        }
    }

    public String region() {
        return region;
    }

    /** The request with its SigV4 headers (Host, X-Amz-Date, Authorization, X-Amz-Security-Token if any). */
    public SdkHttpRequest sign(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (SdkClientException none) {
            throw new MissingCredentials("no AWS credentials found to sign the admin request: set AWS_ACCESS_KEY_ID "
                    + "and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile (after 'aws sso login' for SSO); the local "
                    + "stack takes access key test, secret test");
        }
        return signer.sign(r -> r.request(request.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .identity(identity)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock)).request();
    }
}
