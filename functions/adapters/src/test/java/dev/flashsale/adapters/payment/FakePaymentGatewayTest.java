package dev.flashsale.adapters.payment;

import dev.flashsale.core.payment.Charge;
import dev.flashsale.core.payment.ChargeResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class FakePaymentGatewayTest {

    private final FakePaymentGateway gateway = new FakePaymentGateway();

    private static Charge charge(String method) {
        return new Charge("1b4e28ba-2fa1-11d2-883f-0016d3cca427", 8900, "EUR", method);
    }

    @Test
    void charge_shouldChargeAnOrderOnce_whenApprovedTwice() {
        ChargeResult first = gateway.charge(charge("test-approve"));
        ChargeResult second = gateway.charge(charge("test-approve"));

        assertEquals(first, second);
        assertEquals(1, gateway.charges());
    }

    @Test
    void charge_shouldAnswerByTheMethodToken_whenDeclinedStalledOrUnknown() {
        assertInstanceOf(ChargeResult.Declined.class, gateway.charge(charge("test-decline")));
        assertInstanceOf(ChargeResult.Stalled.class, gateway.charge(charge("test-stall")));
        assertInstanceOf(ChargeResult.Declined.class, gateway.charge(charge("4242424242424242")));
        assertEquals(0, gateway.charges());
    }

    @Test
    void refund_shouldRemoveTheCharge() {
        gateway.charge(charge("test-approve"));

        gateway.refund("1b4e28ba-2fa1-11d2-883f-0016d3cca427");

        assertEquals(0, gateway.charges());
    }
}
