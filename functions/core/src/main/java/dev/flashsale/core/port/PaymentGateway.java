package dev.flashsale.core.port;

import dev.flashsale.core.payment.Charge;
import dev.flashsale.core.payment.ChargeResult;

/**
 * A payment provider. Every call is keyed on the order id (the provider's idempotency key), so a charge retried
 * after a timeout, or sent twice by two containers at once, is one charge. The whole contract a real provider's
 * adapter must meet is in docs/payment-provider.md.
 */
public interface PaymentGateway {

    /**
     * At most one charge per order id: a call after an approval answers {@link ChargeResult.Approved} with the same
     * payment id; a decline charged nothing and leaves the order payable; {@link ChargeResult.Stalled} when the
     * provider did not answer in time (the charge may still succeed late: a retry finds out).
     */
    ChargeResult charge(Charge charge);

    /**
     * Leaves nothing charged for this order: refunds a captured charge, cancels a pending one so that a late
     * success cannot land, does nothing when none was made; safe to call again (an order that expired while it was
     * being paid, and every expired order).
     */
    void refund(String orderId);
}
