package dev.flashsale.core.reconcile;

import dev.flashsale.core.order.Order;

/**
 * Which orders keep their units in the sale's books. The one place to extend when order statuses grow: a paid
 * order keeps its units like a confirmed one; an expired or rejected one does not.
 */
public final class SoldUnits {

    private SoldUnits() {
    }

    public static boolean keepsUnits(Order order) {
        return order.status().holdsUnits();
    }
}
