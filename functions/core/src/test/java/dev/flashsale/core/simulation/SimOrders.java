package dev.flashsale.core.simulation;

import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.port.OrderPayments;
import dev.flashsale.core.port.OrderStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The order table as {@code DynamoOrderStore} and {@code DynamoOrderPayments} behave on AWS, around the core's
 * in-memory fake: each call a point where the world may interleave or fail it; the sale's order listing (the
 * {@code bySale} index) lags; an SDK retry of {@code markPaid} that landed finds the order paid and answers false
 * (its condition names no token); {@code writeOnce}, {@code markExpired} (its condition recognises its own write)
 * and {@code markRestocked} answer their retry as the first attempt. {@code due} reads strongly here (its index,
 * {@code unpaidBySale}, is not lagged yet).
 */
final class SimOrders implements OrderStore, OrderPayments {

    private final InMemoryOrders raw;
    private final Env env;
    private final Lagging<Order> bySale = new Lagging<>();

    SimOrders(InMemoryOrders raw, Env env) {
        this.raw = raw;
        this.env = env;
    }

    InMemoryOrders raw() {
        return raw;
    }

    private <T> T write(String call, String orderId, Supplier<T> attempt, boolean retryRepeats) {
        env.before(call);
        T answer = attempt.get();
        if (retryRepeats && env.sdkRetry(call)) {
            answer = attempt.get();
        }
        raw.find(orderId).ifPresent(order -> bySale.wrote(orderId, order, env.scheduler.now(), env.indexLag()));
        env.landed(call);
        return answer;
    }

    @Override
    public Order writeOnce(Order order) {
        return write("writeOnce " + order.orderId() + " " + order.status(), order.orderId(),
                () -> raw.writeOnce(order), false);
    }

    @Override
    public Optional<Order> find(String orderId) {
        env.before("findOrder " + orderId);
        return raw.find(orderId);
    }

    @Override
    public List<Order> listBySale(String saleId) {
        env.before("listOrders(index) " + saleId);
        return bySale.read(env.scheduler.now()).stream().filter(order -> order.saleId().equals(saleId)).toList();
    }

    /** The operator's listing: not part of the protocol; read through as the store has it. */
    @Override
    public dev.flashsale.core.order.OrderPage pageBySale(String saleId, String after, int limit) {
        env.before("pageOrders(index) " + saleId);
        return raw.pageBySale(saleId, after, limit);
    }

    @Override
    public boolean markPaid(String orderId, String paymentId, Instant paidAt) {
        return write("markPaid " + orderId, orderId, () -> raw.markPaid(orderId, paymentId, paidAt), true);
    }

    @Override
    public boolean markExpired(String orderId, Instant now) {
        return write("markExpired " + orderId, orderId, () -> raw.markExpired(orderId, now), false);
    }

    @Override
    public void markRestocked(String orderId) {
        write("markRestocked " + orderId, orderId, () -> {
            raw.markRestocked(orderId);
            return null;
        }, false);
    }

    @Override
    public List<Order> due(String saleId, Instant cutoff) {
        env.before("dueOrders " + saleId);
        return raw.due(saleId, cutoff);
    }
}
