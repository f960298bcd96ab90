package dev.flashsale.core.port;

import dev.flashsale.core.purchase.Reservation;

/** What the ledger's sequences report as they go: every give-back and every step left for the reconciler. */
public interface LedgerEvents {

    /** Units went back to stock (a failed enqueue, a stale reservation). */
    void released(Reservation reservation, String why);

    /** A sequence stopped half way and could not undo itself; the reconciler finishes it. */
    void leftForReconciler(String orderId, String saleId, String step, RuntimeException failure);

    LedgerEvents NONE = new LedgerEvents() {
        @Override
        public void released(Reservation reservation, String why) {
        }

        @Override
        public void leftForReconciler(String orderId, String saleId, String step, RuntimeException failure) {
        }
    };
}
