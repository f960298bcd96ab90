package dev.flashsale.reconciler;

import dev.flashsale.adapters.http.ReconcileReport;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The reconciler function's result: the report that {@code POST /api/admin/reconcile} answers too, plus the unpaid
 * orders this run expired and the addresses it mirrored into the WAF IP set.
 */
@Serdeable
public record ReconcilerResult(int sales, int released, List<ReconcileReport.RepairView> repairs,
                               List<ReconcileReport.AccountView> accounts, long unaccounted, long lockedOut,
                               int expired, List<String> skipped, List<ReconcileReport.FailureView> failures,
                               int mirroredAddresses) {

    static ReconcilerResult of(ReconcileReport report, int expired, int mirroredAddresses) {
        return new ReconcilerResult(report.sales(), report.released(), report.repairs(), report.accounts(),
                report.unaccounted(), report.lockedOut(), expired, report.skipped(), report.failures(),
                mirroredAddresses);
    }
}
