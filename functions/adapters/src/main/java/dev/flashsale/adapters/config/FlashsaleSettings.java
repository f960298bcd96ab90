package dev.flashsale.adapters.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotBlank;
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
    @NotBlank
    @Pattern(regexp = "dynamodb|redis")
    private String stockBackend = "dynamodb";

    /** {@code redis://host:port} or {@code rediss://host:port} (TLS); required with the redis backend. */
    @Pattern(regexp = "rediss?://.+")
    private String redisUrl;
    /** ElastiCache Serverless always runs in cluster mode. */
    private boolean redisCluster;
    /** {@code none}, or {@code iam}: a SigV4 token per connection, as ElastiCache's IAM authentication wants. */
    @Pattern(regexp = "none|iam")
    private String redisAuth = "none";
    /** The ElastiCache user (IAM auth). */
    private String redisUser;
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

    public String getRedisAuth() {
        return redisAuth;
    }

    public void setRedisAuth(String redisAuth) {
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

    public String getStockBackend() {
        return stockBackend;
    }

    public void setStockBackend(String stockBackend) {
        this.stockBackend = stockBackend;
    }
}
