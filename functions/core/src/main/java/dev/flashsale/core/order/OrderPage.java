package dev.flashsale.core.order;

import java.util.List;

/** One page of a sale's orders, in order id order; {@code next} continues after it, null on the last page. */
public record OrderPage(List<Order> orders, String next) {

    public OrderPage {
        orders = List.copyOf(orders);
    }
}
