package dev.flashsale.adapters.payment;

import dev.flashsale.core.payment.Charge;
import dev.flashsale.core.payment.ChargeResult;
import dev.flashsale.core.port.PaymentGateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider for local runs and tests ({@code FLASHSALE_PAYMENT_PROVIDER=fake}): a payment method token
 * decides the answer, as providers' test cards do. {@code test-approve} charges, {@code test-decline} is declined,
 * {@code test-stall} never answers in time; any other token is declined. Like a real provider it charges an
 * order id once: the payment id is derived from the order id, so every container names the same charge.
 * It moves no money: a production stack plugs a real provider's adapter in here.
 */
public class FakePaymentGateway implements PaymentGateway {

    public static final String APPROVE = "test-approve";
    public static final String DECLINE = "test-decline";
    public static final String STALL = "test-stall";

    private final Map<String, Charge> charged = new ConcurrentHashMap<>();

    @Override
    public ChargeResult charge(Charge charge) {
        switch (charge.method()) {
            case APPROVE:
                charged.putIfAbsent(charge.orderId(), charge);
                return new ChargeResult.Approved(paymentId(charge.orderId()));
            case STALL:
                return new ChargeResult.Stalled();
            case DECLINE:
                return new ChargeResult.Declined("The card was declined.");
            default:
                return new ChargeResult.Declined("Unknown payment method; the test provider takes "
                        + APPROVE + ", " + DECLINE + " or " + STALL + ".");
        }
    }

    @Override
    public void refund(String orderId) {
        charged.remove(orderId);
    }

    /** Charges this container holds (for tests). */
    public int charges() {
        return charged.size();
    }

    private static String paymentId(String orderId) {
        return "fake_" + orderId;
    }
}
