package dev.flashsale.core.payment;

import dev.flashsale.core.port.PaymentGateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A provider that answers by the method token and, like a real one, charges an idempotency key once. */
final class ScriptedGateway implements PaymentGateway {

    final Map<String, Charge> charges = new ConcurrentHashMap<>();
    final List<Charge> requests = new ArrayList<>();
    final List<String> refunds = new ArrayList<>();
    Runnable beforeAnswer = () -> { };

    @Override
    public synchronized ChargeResult charge(Charge charge) {
        requests.add(charge);
        beforeAnswer.run();
        switch (charge.method()) {
            case "test-decline":
                return new ChargeResult.Declined("card declined");
            case "test-stall":
                return new ChargeResult.Stalled();
            default:
                charges.putIfAbsent(charge.orderId(), charge);
                return new ChargeResult.Approved("ch_" + charge.orderId());
        }
    }

    @Override
    public synchronized void refund(String orderId) {
        if (charges.remove(orderId) != null) {
            refunds.add(orderId);
        }
    }
}
