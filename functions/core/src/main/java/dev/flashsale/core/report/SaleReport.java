package dev.flashsale.core.report;

/**
 * The ledger's own account of a sale. {@code oversold} counts confirmed units beyond the stock;
 * {@code duplicateBuyers} counts users holding more confirmed units than the per-user limit. {@code confirmed}
 * counts the units orders hold (confirmed or paid); {@code paid} those paid, {@code expired} those given back after
 * an unpaid deadline, {@code rejected} those the order writer refused.
 */
public record SaleReport(
        String saleId,
        int stock,
        long remaining,
        long confirmed,
        long rejected,
        long buyers,
        long oversold,
        long duplicateBuyers,
        long paid,
        long expired) {
}
