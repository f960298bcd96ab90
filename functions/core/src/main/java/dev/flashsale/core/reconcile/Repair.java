package dev.flashsale.core.reconcile;

import java.time.Instant;

/** One repair the reconciler made: what, on which sale and order (null when none), why, how many units, when. */
public record Repair(RepairKind what, String saleId, String orderId, int units, String why, Instant at) {
}
