package dev.flashsale.adapters.redis;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.time.Duration;

/**
 * An ElastiCache IAM authentication token: a SigV4-presigned {@code connect} request for the user and cache,
 * valid 15 minutes, used as the password. Made anew for each connection, so a reconnect never sends a stale one.
 */
final class ElastiCacheIamToken {

    private static final Duration VALIDITY = Duration.ofMinutes(15);

    private final String user;
    private final String cacheName;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private final String region = new DefaultAwsRegionProviderChain().getRegion().id();

    ElastiCacheIamToken(String user, String cacheName) {
        if (user == null || cacheName == null) {
            throw new IllegalArgumentException("IAM auth needs FLASHSALE_REDIS_USER and FLASHSALE_REDIS_CACHE_NAME");
        }
        this.user = user;
        this.cacheName = cacheName;
    }

    String next() {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("http")
                .host(cacheName)
                .encodedPath("/")
                .putRawQueryParameter("Action", "connect")
                .putRawQueryParameter("User", user)
                .putRawQueryParameter("ResourceType", "ServerlessCache")
                .build();
        SdkHttpRequest signed = signer.sign(r -> r
                .request(request)
                .identity(credentials.resolveCredentials())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "elasticache")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, VALIDITY)).request();
        return signed.getUri().toString().replaceFirst("^http://", "");
    }
}
