package dev.flashsale.adapters.config;

import dev.flashsale.core.sale.ChallengeMode;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PostConstruct;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Every setting the functions read. Each is an environment variable set by {@code template.yaml} (and the same
 * way by the local runner): {@code FLASHSALE_SALES_TABLE} binds to {@code salesTable}, and so on. A missing
 * required variable fails the container at start-up, not at the first request.
 */
@Context
@ConfigurationProperties("flashsale")
public class FlashsaleSettings {

    @NotBlank
    private String salesTable;
    @NotBlank
    private String stockTable;
    @NotBlank
    private String ordersTable;
    @NotBlank
    private String orderQueueUrl;
    /** The order queue's dead-letter queue: listed and redriven by the admin function. */
    private String deadLetterQueueUrl;
    /** The EventBridge bus (name or ARN) order events go to: the stack's own, or the one it was given. */
    @NotBlank
    private String orderEventsBus;

    public String getOrderEventsBus() {
        return orderEventsBus;
    }

    public void setOrderEventsBus(String orderEventsBus) {
        this.orderEventsBus = orderEventsBus;
    }

    public String getDeadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    public void setDeadLetterQueueUrl(String deadLetterQueueUrl) {
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    /** {@code dynamodb} or {@code redis}. */
    @NotNull
    private StockBackend stockBackend = StockBackend.DYNAMODB;

    /** Rate-limit buckets, bot signals, used challenges and the blocklist (partition + sort key, TTL). */
    @NotBlank
    private String protectionTable;
    /**
     * The challenge secret: in AWS the ARN or name of a Secrets Manager secret (read once per container), so it is
     * never in the template; {@link #challengeSecret} instead (at least 32 characters) where no secret store is.
     */
    private String challengeSecretId;
    private String challengeSecret;
    /** The secret CloudFront adds as {@code X-Origin-Verify}; only then is CloudFront-Viewer-Address believed. */
    private String originSecretId;
    private String originSecret;
    /** Behind CloudFront: shopper routes refuse requests without the origin secret (403 DIRECT_ACCESS). */
    private boolean originSecretRequired;

    public boolean isOriginSecretRequired() {
        return originSecretRequired;
    }

    public void setOriginSecretRequired(boolean originSecretRequired) {
        this.originSecretRequired = originSecretRequired;
    }
    /** The challenge mode of a sale created without protection settings: {@code on}, {@code off}, {@code on-under-load}. */
    @NotNull
    private ChallengeMode defaultChallenge = ChallengeMode.ON;

    public String getOriginSecret() {
        return originSecret;
    }

    public void setOriginSecret(String originSecret) {
        this.originSecret = originSecret;
    }

    public ChallengeMode getDefaultChallenge() {
        return defaultChallenge;
    }

    public void setDefaultChallenge(ChallengeMode defaultChallenge) {
        this.defaultChallenge = defaultChallenge;
    }
    /** Load shedding: most requests in flight per container, and the stock store's latency (ms) to shed at. */
    private int shedMaxInFlight = 256;
    private int shedLatencyMillis = 250;
    /** Requests a second to one sale, over every container, that put it under load (0: judged per container). */
    @Min(0)
    private int underLoadRequestsPerSecond = 1000;
    /** Bot signals in a minute that block a user or address, and for how many minutes. */
    private int autoBlockThreshold = 10;
    private int autoBlockMinutes = 15;
    /** Different users' signals from one address (an IPv6 /64) that block it: one person alone cannot. */
    @Min(2)
    private int autoBlockAddressUsers = 25;
    /** Active blocklist entries at most before automatic blocks are no longer added. */
    @Min(1)
    private int blocklistMaxEntries = 5000;
    /** Who charges shoppers for confirmed orders of sales with a payment window. */
    @NotNull
    private PaymentProvider paymentProvider = PaymentProvider.FAKE;
    /** The template's {@code TestStack}: a stack for testing, whose shoppers pay nothing. */
    private boolean testStack;

    public PaymentProvider getPaymentProvider() {
        return paymentProvider;
    }

    public void setPaymentProvider(PaymentProvider paymentProvider) {
        this.paymentProvider = paymentProvider;
    }

    public boolean isTestStack() {
        return testStack;
    }

    public void setTestStack(boolean testStack) {
        this.testStack = testStack;
    }

    /**
     * The settings no single field can check: a provider that moves no money only on a test stack. Run once the
     * container's settings are bound, so a production stack with free payment never takes a request.
     */
    @PostConstruct
    public void validate() {
        if (paymentProvider != null && !paymentProvider.movesMoney() && !testStack) {
            throw new ConfigurationException("FLASHSALE_PAYMENT_PROVIDER=" + paymentProvider.wire()
                    + " moves no money (any shopper pays with a test token): it runs only on a "
                    + "test stack, deployed with the template parameter TestStack=true (FLASHSALE_TEST_STACK=true); "
                    + "a production stack needs a real provider's adapter behind PaymentGateway "
                    + "(docs/payment-provider.md)");
        }
    }

    /** A reservation unclaimed this long (past SQS's receives and the DLQ hand-off) is released. */
    private int reconcileAfterMinutes = 20;

    /**
     * The reconciler's pause between reading a sale's shards and reading its pending index (eventually consistent
     * in DynamoDB), so a record written just before a take is seen with it.
     */
    private int indexSettleMillis = 1000;

    /**
     * Partition key values per sale in the stock table's sale-keyed indexes ({@code pendingBySale},
     * {@code buyersBySale}): {@code <sale>#<n>}, so no one index key takes a sale's whole write rate. 1 is the
     * layout before (one value per sale). Raise it only: a lower count no longer reads the values above it.
     */
    @Min(1)
    @Max(256)
    private int indexShards = 32;

    public int getIndexShards() {
        return indexShards;
    }

    public void setIndexShards(int indexShards) {
        this.indexShards = indexShards;
    }

    public int getIndexSettleMillis() {
        return indexSettleMillis;
    }

    public void setIndexSettleMillis(int indexSettleMillis) {
        this.indexSettleMillis = indexSettleMillis;
    }

    public int getReconcileAfterMinutes() {
        return reconcileAfterMinutes;
    }

    public void setReconcileAfterMinutes(int reconcileAfterMinutes) {
        this.reconcileAfterMinutes = reconcileAfterMinutes;
    }

    public String getProtectionTable() {
        return protectionTable;
    }

    public void setProtectionTable(String protectionTable) {
        this.protectionTable = protectionTable;
    }

    public String getChallengeSecretId() {
        return challengeSecretId;
    }

    public void setChallengeSecretId(String challengeSecretId) {
        this.challengeSecretId = challengeSecretId;
    }

    public String getChallengeSecret() {
        return challengeSecret;
    }

    public void setChallengeSecret(String challengeSecret) {
        this.challengeSecret = challengeSecret;
    }

    public String getOriginSecretId() {
        return originSecretId;
    }

    public void setOriginSecretId(String originSecretId) {
        this.originSecretId = originSecretId;
    }

    public int getShedMaxInFlight() {
        return shedMaxInFlight;
    }

    public void setShedMaxInFlight(int shedMaxInFlight) {
        this.shedMaxInFlight = shedMaxInFlight;
    }

    public int getShedLatencyMillis() {
        return shedLatencyMillis;
    }

    public void setShedLatencyMillis(int shedLatencyMillis) {
        this.shedLatencyMillis = shedLatencyMillis;
    }

    public int getUnderLoadRequestsPerSecond() {
        return underLoadRequestsPerSecond;
    }

    public void setUnderLoadRequestsPerSecond(int underLoadRequestsPerSecond) {
        this.underLoadRequestsPerSecond = underLoadRequestsPerSecond;
    }

    public int getAutoBlockThreshold() {
        return autoBlockThreshold;
    }

    public void setAutoBlockThreshold(int autoBlockThreshold) {
        this.autoBlockThreshold = autoBlockThreshold;
    }

    public int getAutoBlockAddressUsers() {
        return autoBlockAddressUsers;
    }

    public void setAutoBlockAddressUsers(int autoBlockAddressUsers) {
        this.autoBlockAddressUsers = autoBlockAddressUsers;
    }

    public int getBlocklistMaxEntries() {
        return blocklistMaxEntries;
    }

    public void setBlocklistMaxEntries(int blocklistMaxEntries) {
        this.blocklistMaxEntries = blocklistMaxEntries;
    }

    public int getAutoBlockMinutes() {
        return autoBlockMinutes;
    }

    public void setAutoBlockMinutes(int autoBlockMinutes) {
        this.autoBlockMinutes = autoBlockMinutes;
    }

    /** {@code redis://host:port} or {@code rediss://host:port} (TLS); required with the redis backend. */
    @Pattern(regexp = "rediss?://.+")
    private String redisUrl;
    /** ElastiCache Serverless always runs in cluster mode. */
    private boolean redisCluster;
    /**
     * {@code none}; {@code iam}: a SigV4 token per connection, as ElastiCache's IAM authentication wants; or
     * {@code password}: the user's password, where there is no IAM (the local stack stands in for it so).
     */
    @NotNull
    private RedisAuth redisAuth = RedisAuth.NONE;
    /** The ElastiCache user (IAM or password auth): its access string decides which keys and commands it may use. */
    private String redisUser;
    /** The user's password with {@code password} auth. */
    private String redisPassword;

    public String getRedisPassword() {
        return redisPassword;
    }

    public void setRedisPassword(String redisPassword) {
        this.redisPassword = redisPassword;
    }
    /** How long one Redis command may take before it fails. */
    private int redisTimeoutMillis = 1000;

    public int getRedisTimeoutMillis() {
        return redisTimeoutMillis;
    }

    public void setRedisTimeoutMillis(int redisTimeoutMillis) {
        this.redisTimeoutMillis = redisTimeoutMillis;
    }

    /** The serverless cache's name (IAM auth signs for it). */
    private String redisCacheName;

    public String getRedisUrl() {
        return redisUrl;
    }

    public void setRedisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    public boolean isRedisCluster() {
        return redisCluster;
    }

    public void setRedisCluster(boolean redisCluster) {
        this.redisCluster = redisCluster;
    }

    public RedisAuth getRedisAuth() {
        return redisAuth;
    }

    public void setRedisAuth(RedisAuth redisAuth) {
        this.redisAuth = redisAuth;
    }

    public String getRedisUser() {
        return redisUser;
    }

    public void setRedisUser(String redisUser) {
        this.redisUser = redisUser;
    }

    public String getRedisCacheName() {
        return redisCacheName;
    }

    public void setRedisCacheName(String redisCacheName) {
        this.redisCacheName = redisCacheName;
    }

    public String getSalesTable() {
        return salesTable;
    }

    public void setSalesTable(String salesTable) {
        this.salesTable = salesTable;
    }

    public String getStockTable() {
        return stockTable;
    }

    public void setStockTable(String stockTable) {
        this.stockTable = stockTable;
    }

    public String getOrdersTable() {
        return ordersTable;
    }

    public void setOrdersTable(String ordersTable) {
        this.ordersTable = ordersTable;
    }

    public String getOrderQueueUrl() {
        return orderQueueUrl;
    }

    public void setOrderQueueUrl(String orderQueueUrl) {
        this.orderQueueUrl = orderQueueUrl;
    }

    public StockBackend getStockBackend() {
        return stockBackend;
    }

    public void setStockBackend(StockBackend stockBackend) {
        this.stockBackend = stockBackend;
    }
}
