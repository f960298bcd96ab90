package dev.flashsale.admin;

import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /api/admin/reconcile} without {@code saleId}: a pass over every sale can outrun API Gateway's 29 s,
 * so the route leaves it to the scheduled reconciler, which starts one within {@code withinSeconds}.
 */
@Serdeable
public record ReconcileScheduled(String status, int withinSeconds, String message) {

    static ReconcileScheduled next() {
        return new ReconcileScheduled("SCHEDULED", 60, "The scheduled reconciler passes over every live and recently"
                + " ended sale within a minute; POST /api/admin/reconcile?saleId=ID reconciles one sale now.");
    }
}
