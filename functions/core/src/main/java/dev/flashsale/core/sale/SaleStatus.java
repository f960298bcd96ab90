package dev.flashsale.core.sale;

/** What a shopper can do with a sale right now. */
public enum SaleStatus {
    UPCOMING,
    OPEN,
    SOLD_OUT,
    ENDED
}
