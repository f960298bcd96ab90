package dev.flashsale.core.order;

import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.sale.SaleIds;

import java.util.Optional;

/**
 * The operator's list of a sale's orders (the winners, once it is over), a page at a time, optionally of one
 * status. Paged in the store's order; a status filter may make a page shorter than asked (or empty) while more
 * follow: the caller follows {@code next} until it is null.
 */
public final class SaleOrders {

    public static final int MAX_PAGE = 1_000;

    private final SaleCatalog catalog;
    private final OrderStore orders;

    public SaleOrders(SaleCatalog catalog, OrderStore orders) {
        this.catalog = catalog;
        this.orders = orders;
    }

    /** Empty when the sale does not exist. */
    public Optional<OrderPage> page(String saleId, OrderStatus status, String after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE);
        }
        if (!SaleIds.isValid(saleId) || catalog.find(saleId).isEmpty()) {
            return Optional.empty();
        }
        OrderPage page = orders.pageBySale(saleId, after, limit);
        if (status == null) {
            return Optional.of(page);
        }
        return Optional.of(new OrderPage(page.orders().stream().filter(o -> o.status() == status).toList(),
                page.next()));
    }
}
