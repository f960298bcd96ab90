package dev.flashsale.core.port;

import dev.flashsale.core.payment.Charge;
import dev.flashsale.core.payment.ChargeResult;

/**
 * A payment provider. Every call is keyed on the order id (the provider's idempotency key), so a charge retried
 * after a timeout, or sent twice by two containers at once, is one charge.
 */
public interface PaymentGateway {

    ChargeResult charge(Charge charge);

    /** Gives back the charge made for this order, if any (an order that expired while it was being paid). */
    void refund(String orderId);
}
