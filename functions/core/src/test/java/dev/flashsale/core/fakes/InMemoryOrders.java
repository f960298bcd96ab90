package dev.flashsale.core.fakes;

import dev.flashsale.core.event.OrderEvent;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderPage;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.OrderPayments;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.PendingOrderEvents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order store, its payment states and its outbox in memory, with the same conditions as the DynamoDB adapter:
 * each status change marks its event pending in the same (here: synchronized) write.
 */
public class InMemoryOrders implements OrderStore, OrderPayments, PendingOrderEvents {

    public final Map<String, Order> orders = new ConcurrentHashMap<>();
    public final Set<String> restockPending = ConcurrentHashMap.newKeySet();
    /** Per order id, the pending events' statuses and times. */
    public final Map<String, Map<OrderStatus, Instant>> pendingEvents = new ConcurrentHashMap<>();

    @Override
    public synchronized Order writeOnce(Order order) {
        Order existing = orders.putIfAbsent(order.orderId(), order);
        if (existing == null && OrderEvent.announced(order.status())) {
            markEvent(order.orderId(), order.status(), order.createdAt());
        }
        return existing == null ? order : existing;
    }

    private void markEvent(String orderId, OrderStatus status, Instant at) {
        pendingEvents.computeIfAbsent(orderId, id -> new ConcurrentHashMap<>()).putIfAbsent(status, at);
    }

    @Override
    public synchronized List<OrderEvent> pending(String saleId) {
        List<OrderEvent> pending = new ArrayList<>();
        pendingEvents.forEach((orderId, statuses) -> {
            Order order = orders.get(orderId);
            if (order != null && order.saleId().equals(saleId)) {
                statuses.forEach((status, at) -> pending.add(OrderEvent.of(order, status, at)));
            }
        });
        pending.sort(Comparator.comparing(OrderEvent::eventId));
        return pending;
    }

    @Override
    public synchronized void published(OrderEvent event) {
        Map<OrderStatus, Instant> statuses = pendingEvents.get(event.orderId());
        if (statuses != null) {
            statuses.remove(event.status());
            if (statuses.isEmpty()) {
                pendingEvents.remove(event.orderId());
            }
        }
    }

    @Override
    public Optional<Order> find(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public List<Order> listBySale(String saleId) {
        return orders.values().stream().filter(o -> o.saleId().equals(saleId)).toList();
    }

    /** The cursor is the last order id of the page, as the DynamoDB adapter's (which encodes it). */
    @Override
    public OrderPage pageBySale(String saleId, String after, int limit) {
        List<Order> sorted = orders.values().stream().filter(o -> o.saleId().equals(saleId))
                .filter(o -> after == null || o.orderId().compareTo(after) > 0)
                .sorted(Comparator.comparing(Order::orderId)).toList();
        List<Order> page = sorted.subList(0, Math.min(limit, sorted.size()));
        return new OrderPage(page, sorted.size() > limit ? page.get(page.size() - 1).orderId() : null);
    }

    @Override
    public synchronized boolean markPaid(String orderId, String paymentId, Instant paidAt) {
        Order order = orders.get(orderId);
        if (order == null || order.status() != OrderStatus.CONFIRMED) {
            return false;
        }
        orders.put(orderId, order.withStatus(OrderStatus.PAID));
        markEvent(orderId, OrderStatus.PAID, paidAt);
        return true;
    }

    @Override
    public synchronized boolean markExpired(String orderId, Instant now) {
        Order order = orders.get(orderId);
        if (order == null || !order.awaitsPayment() || !order.payBy().isBefore(now)) {
            return false;
        }
        orders.put(orderId, order.withStatus(OrderStatus.EXPIRED));
        markEvent(orderId, OrderStatus.EXPIRED, now);
        restockPending.add(orderId);
        return true;
    }

    @Override
    public void markRestocked(String orderId) {
        restockPending.remove(orderId);
    }

    @Override
    public List<Order> due(String saleId, Instant cutoff) {
        List<Order> due = new ArrayList<>();
        for (Order order : orders.values()) {
            boolean unpaid = order.awaitsPayment() || restockPending.contains(order.orderId());
            if (order.saleId().equals(saleId) && unpaid && order.payBy() != null && order.payBy().isBefore(cutoff)) {
                due.add(order);
            }
        }
        return due;
    }
}
