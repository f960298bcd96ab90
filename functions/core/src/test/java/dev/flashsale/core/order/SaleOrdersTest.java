package dev.flashsale.core.order;

import dev.flashsale.core.fakes.Fixtures;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaleOrdersTest {

    private final Sale sale = Fixtures.openSale("s1", 10, dev.flashsale.core.sale.Protection.DEFAULTS);
    private final InMemoryOrders orders = new InMemoryOrders();
    private final SaleOrders saleOrders = new SaleOrders(new InMemorySaleCatalog(sale), orders);

    private void order(String id, OrderStatus status) {
        orders.writeOnce(new Order(id, "s1", "user-" + id, 1, status, Instant.parse("2026-12-07T10:00:00Z"), null));
    }

    @Test
    void page_shouldListEveryOrderOnce_whenTheCallerFollowsNext() {
        // given: seven orders of the sale, one of another
        for (int i = 0; i < 7; i++) {
            order("o" + i, i % 2 == 0 ? OrderStatus.CONFIRMED : OrderStatus.PAID);
        }
        orders.writeOnce(new Order("x1", "other", "u", 1, OrderStatus.PAID, Instant.EPOCH, null));

        // when: pages of three
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            OrderPage page = saleOrders.page("s1", null, after, 3).orElseThrow();
            page.orders().forEach(o -> seen.add(o.orderId()));
            after = page.next();
            pages++;
        } while (after != null);

        // then
        assertEquals(List.of("o0", "o1", "o2", "o3", "o4", "o5", "o6"), seen);
        assertEquals(3, pages);
    }

    @Test
    void page_shouldKeepOnlyThatStatus_whenOneIsAsked() {
        order("a", OrderStatus.PAID);
        order("b", OrderStatus.EXPIRED);
        order("c", OrderStatus.PAID);

        OrderPage page = saleOrders.page("s1", OrderStatus.PAID, null, 10).orElseThrow();

        assertEquals(List.of("a", "c"), page.orders().stream().map(Order::orderId).toList());
        assertNull(page.next());
    }

    @Test
    void page_shouldBeEmpty_whenTheSaleIsUnknownOrItsIdMalformed() {
        assertTrue(saleOrders.page("nope", null, null, 10).isEmpty());
        assertTrue(saleOrders.page("../x", null, null, 10).isEmpty());
    }

    @Test
    void page_shouldRefuse_whenTheLimitIsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> saleOrders.page("s1", null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> saleOrders.page("s1", null, null, SaleOrders.MAX_PAGE + 1));
    }
}
