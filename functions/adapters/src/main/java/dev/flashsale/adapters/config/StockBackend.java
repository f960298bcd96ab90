package dev.flashsale.adapters.config;

/**
 * Where admission reserves stock ({@code FLASHSALE_STOCK_BACKEND}): on DynamoDB's ledger itself, or on the Redis
 * cache in front of it. Beans of one backend carry {@link DynamoDbBackend} or {@link RedisBackend}.
 */
public enum StockBackend {
    DYNAMODB,
    REDIS;

    /** The setting's property name, as the backends' {@code @Requires} read it. */
    public static final String PROPERTY = "flashsale.stock-backend";
}
