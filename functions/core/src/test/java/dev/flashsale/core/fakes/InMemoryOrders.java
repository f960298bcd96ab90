package dev.flashsale.core.fakes;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderPage;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.OrderPayments;
import dev.flashsale.core.port.OrderStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The order store and its payment states in memory, with the same conditions as the DynamoDB adapter. */
public class InMemoryOrders implements OrderStore, OrderPayments {

    public final Map<String, Order> orders = new ConcurrentHashMap<>();
    public final Set<String> restockPending = ConcurrentHashMap.newKeySet();

    @Override
    public Order writeOnce(Order order) {
        Order existing = orders.putIfAbsent(order.orderId(), order);
        return existing == null ? order : existing;
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
        return true;
    }

    @Override
    public synchronized boolean markExpired(String orderId, Instant now) {
        Order order = orders.get(orderId);
        if (order == null || !order.awaitsPayment() || !order.payBy().isBefore(now)) {
            return false;
        }
        orders.put(orderId, order.withStatus(OrderStatus.EXPIRED));
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
