package dev.flashsale.adapters.http;

import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /api/admin/sales/{saleId}/report}: the ledger's own account of a sale, for operators and for the
 * simulator's checks. {@code oversold} counts confirmed units beyond the stock; {@code duplicateBuyers} counts
 * users holding more confirmed units than the per-user limit.
 */
@Serdeable
public record SaleReport(
        String saleId,
        int stock,
        long remaining,
        long confirmed,
        long rejected,
        long buyers,
        long oversold,
        long duplicateBuyers) {
}
