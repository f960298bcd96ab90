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
