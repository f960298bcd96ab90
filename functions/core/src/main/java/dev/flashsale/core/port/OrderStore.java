package dev.flashsale.core.port;

import dev.flashsale.core.order.Order;

import java.util.List;
import java.util.Optional;

/** The authoritative record of orders. */
public interface OrderStore {

    /**
     * Writes the order once: when an order with that id already exists, nothing changes and the stored order is
     * returned. This is what makes a redelivered queue message harmless.
     */
    Order writeOnce(Order order);

    Optional<Order> find(String orderId);

    List<Order> listBySale(String saleId);
}
