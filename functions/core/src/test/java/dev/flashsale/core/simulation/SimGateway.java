package dev.flashsale.core.simulation;

import dev.flashsale.core.payment.Charge;
import dev.flashsale.core.payment.ChargeResult;
import dev.flashsale.core.port.PaymentGateway;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A payment provider meeting docs/payment-provider.md, answering by method token as the {@code fake} provider
 * does: {@code test-approve} charges, {@code test-decline} charges nothing, {@code test-stall} answers
 * {@link ChargeResult.Stalled} and may succeed late (unless refunded first: a refund cancels a pending charge).
 * One charge per order id. A call may fail after the charge landed (its answer timed out), as any store call.
 * With {@link Shape#lateCharges}, a {@code test-approve} charge's answer may be lost with its request still on the
 * way ({@code IN_FLIGHT}): the provider knows nothing of it until it lands, up to two minutes later, so a refund
 * before that finds nothing to cancel, and the charge lands after it (a retry with the same key lands it at once).
 */
final class SimGateway implements PaymentGateway {

    enum State { CHARGED, PENDING, REFUNDED, IN_FLIGHT }

    private record Entry(State state, Instant lateSuccessAt) {
    }

    private final Env env;
    private final Map<String, Entry> charges = new HashMap<>();

    SimGateway(Env env) {
        this.env = env;
    }

    @Override
    public ChargeResult charge(Charge charge) {
        env.before("charge " + charge.orderId() + " " + charge.method());
        settleLate(charge.orderId());
        Entry entry = charges.get(charge.orderId());
        ChargeResult result;
        if (entry != null && entry.state() == State.CHARGED) {
            result = new ChargeResult.Approved("pay_" + charge.orderId());
        } else if (entry != null && entry.state() == State.PENDING) {
            result = new ChargeResult.Stalled();
        } else if (entry != null && entry.state() == State.IN_FLIGHT) {
            charges.put(charge.orderId(), new Entry(State.CHARGED, null)); // this request lands now, the first later
            result = new ChargeResult.Approved("pay_" + charge.orderId());
        } else if (charge.method().equals("test-decline")) {
            result = new ChargeResult.Declined("card declined");
        } else if (charge.method().equals("test-stall")) {
            Instant late = env.choices.chance(500)
                    ? env.scheduler.now().plus(Duration.ofSeconds(1 + env.choices.next(120))) : null;
            charges.put(charge.orderId(), new Entry(State.PENDING, late));
            result = new ChargeResult.Stalled();
        } else if (env.shape().lateCharges() && entry == null && env.choices.chance(300)) {
            Instant lands = env.scheduler.now().plus(Duration.ofMillis(1 + env.choices.next(120_000)));
            charges.put(charge.orderId(), new Entry(State.IN_FLIGHT, lands));
            env.note("LATE CHARGE " + charge.orderId() + ": its answer lost, it lands at " + lands);
            throw new Env.TimedOut("charge " + charge.orderId());
        } else {
            charges.put(charge.orderId(), new Entry(State.CHARGED, null));
            result = new ChargeResult.Approved("pay_" + charge.orderId());
        }
        env.landed("charge " + charge.orderId());
        return result;
    }

    @Override
    public void refund(String orderId) {
        env.before("refund " + orderId);
        settleLate(orderId);
        Entry entry = charges.get(orderId);
        if (entry != null && entry.state() != State.IN_FLIGHT) { // a request still on its way: nothing to cancel
            charges.put(orderId, new Entry(State.REFUNDED, null));
        }
        env.landed("refund " + orderId);
    }

    /** A stalled charge that was to succeed by now has (a stall that never succeeds leaves nothing charged). */
    private void settleLate(String orderId) {
        Entry entry = charges.get(orderId);
        if (entry != null && entry.state() == State.IN_FLIGHT && !entry.lateSuccessAt().isAfter(env.scheduler.now())) {
            charges.put(orderId, new Entry(State.CHARGED, null));
        } else if (entry != null && entry.state() == State.PENDING) {
            if (entry.lateSuccessAt() == null) {
                charges.remove(orderId);
            } else if (!entry.lateSuccessAt().isAfter(env.scheduler.now())) {
                charges.put(orderId, new Entry(State.CHARGED, null));
            }
        }
    }

    /** Whether money is taken for the order now (late successes landed). */
    boolean charged(String orderId) {
        Entry entry = charges.get(orderId);
        if (entry == null) {
            return false;
        }
        return entry.state() == State.CHARGED || (entry.state() == State.PENDING || entry.state() == State.IN_FLIGHT)
                && entry.lateSuccessAt() != null && !entry.lateSuccessAt().isAfter(env.scheduler.now());
    }
}
