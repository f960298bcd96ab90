package dev.flashsale.core.fakes;

import dev.flashsale.core.payment.Charge;
import dev.flashsale.core.payment.ChargeResult;
import dev.flashsale.core.port.PaymentGateway;

/** A provider for tests that take no payments: every charge approved, nothing to refund. */
public final class NoCharges implements PaymentGateway {

    @Override
    public ChargeResult charge(Charge charge) {
        return new ChargeResult.Approved("ch_" + charge.orderId());
    }

    @Override
    public void refund(String orderId) {
    }
}
