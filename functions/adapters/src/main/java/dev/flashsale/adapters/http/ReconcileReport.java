package dev.flashsale.adapters.http;

import dev.flashsale.core.reconcile.Reconciliation;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What one reconciler run did: the repairs (what, why, when), each sale's books afterwards, the unpaid orders it
 * expired, the sales it skipped because another pass held them ({@code skipped}), the steps that failed, and the
 * order events it published that a write had left pending ({@code eventsPublished}, {@code eventsPending}). The
 * answer of {@code POST /api/admin/reconcile} and the reconciler function's result.
 */
@Serdeable
public record ReconcileReport(int sales, int released, List<RepairView> repairs, List<AccountView> accounts,
                              long unaccounted, long lockedOut, int expired, List<String> skipped,
                              List<FailureView> failures, int eventsPublished, int eventsPending) {

    /** A step of one sale's pass that failed (the other sales and steps went on). */
    @Serdeable
    public record FailureView(String saleId, String step, String error) {
    }

    @Serdeable
    public record RepairView(String what, String saleId, String orderId, int units, String why, String at) {
    }

    @Serdeable
    public record AccountView(String saleId, int stock, long remaining, long held, long sold, long inDoubt,
                              long unaccounted, long lockedOut, long copyGap) {
    }

    public static ReconcileReport of(Reconciliation.Report report) {
        List<RepairView> repairs = report.repairs().stream()
                .map(r -> new RepairView(r.what().name(), r.saleId(), r.orderId(), r.units(), r.why(),
                        r.at().toString()))
                .toList();
        List<AccountView> accounts = report.accounts().stream()
                .map(a -> new AccountView(a.saleId(), a.stock(), a.remaining(), a.held(), a.sold(), a.inDoubt(),
                        a.unaccounted(), a.lockedOut(), a.copyGap()))
                .toList();
        long unaccounted = report.accounts().stream().mapToLong(a -> Math.abs(a.unaccounted())).sum();
        long lockedOut = report.accounts().stream().mapToLong(a -> a.lockedOut()).sum();
        List<FailureView> failures = report.failures().stream()
                .map(f -> new FailureView(f.saleId(), f.step(), f.error()))
                .toList();
        return new ReconcileReport(report.sales(), report.released(), repairs, accounts, unaccounted, lockedOut,
                report.expired().expired(), report.skipped(), failures, report.events().published(),
                report.events().stillPending());
    }
}
