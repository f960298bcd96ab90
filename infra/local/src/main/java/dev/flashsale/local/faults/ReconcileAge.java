package dev.flashsale.local.faults;

/**
 * How old a record must be before a fault run's reconciler repairs it. The reconciler's real age (the template's
 * {@code ReconcileAfterMinutes}, 20 by default) is longer than a payment window may be: a run with it jumps the
 * stack's clock past that age before its last passes, so the repairs meet what an ordinary sale leaves them.
 */
public enum ReconcileAge {
    /** 0: whatever is unclaimed is repaired at the first pass after the sale (the run drains the queue first). */
    RIGHT_AFTER_THE_SALE,
    /** The template's value, passed by jumping the functions' clock before the last two passes. */
    THE_TEMPLATES
}
