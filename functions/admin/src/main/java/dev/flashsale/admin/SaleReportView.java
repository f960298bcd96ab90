package dev.flashsale.admin;

import dev.flashsale.core.report.SaleReport;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /api/admin/sales/{saleId}/report}: the ledger's own account of a sale ({@link SaleReport}), for
 * operators and for the simulator's checks.
 */
@Serdeable
public record SaleReportView(
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

    static SaleReportView of(SaleReport report) {
        return new SaleReportView(report.saleId(), report.stock(), report.remaining(), report.confirmed(),
                report.rejected(), report.buyers(), report.oversold(), report.duplicateBuyers(), report.paid(),
                report.expired());
    }
}
