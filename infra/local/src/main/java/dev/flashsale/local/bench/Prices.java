package dev.flashsale.local.bench;

/**
 * Every price the cost model assumes, in one place: us-east-1 list prices (USD) for arm64 Lambda, REST APIs,
 * on-demand DynamoDB, standard SQS and CloudFront. Estimates, not quotes; change them here only.
 */
public final class Prices {

    public static final double CLOUDFRONT_PER_10K_HTTPS_REQUESTS = 0.01;
    public static final double API_GATEWAY_REST_PER_MILLION = 3.50;
    public static final double LAMBDA_REQUESTS_PER_MILLION = 0.20;
    public static final double LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
    public static final double DYNAMODB_PER_MILLION_WRU = 0.625;
    public static final double DYNAMODB_PER_MILLION_RRU = 0.125;
    public static final double SQS_STANDARD_PER_MILLION = 0.40;

    private Prices() {
    }
}
