package dev.flashsale.core.port;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderPage;

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

    /**
     * At most {@code limit} of a sale's orders in order id order, after the page whose {@code next} was
     * {@code after} (null: from the first). {@code after} is the store's own opaque cursor.
     */
    OrderPage pageBySale(String saleId, String after, int limit);
}
