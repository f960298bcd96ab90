package dev.flashsale.core.report;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SaleReportsTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private final Sale sale = new Sale("s1", "Sneakers", 3, START, START.plusSeconds(3600), 1, 2,
            Protection.DEFAULTS);
    private final List<Order> orders = new ArrayList<>();
    private final SaleReports reports = new SaleReports(new ListedOrders(orders), new Remaining(1));

    @Test
    void of_shouldCountUnitsByStatusAndBuyers_whenOrdersAreMixed() {
        // given
        order("a", 1, OrderStatus.CONFIRMED);
        order("b", 1, OrderStatus.PAID);
        order("c", 1, OrderStatus.REJECTED);
        order("d", 1, OrderStatus.EXPIRED);
        order("e", 1, OrderStatus.PENDING);
        orders.add(new Order("other", "s2", "f", 1, OrderStatus.CONFIRMED, START, null));

        // when
        SaleReport report = reports.of(sale);

        // then
        assertEquals(new SaleReport("s1", 3, 1, 2, 1, 2, 0, 0, 1, 1), report);
    }

    @Test
    void of_shouldReportOversoldUnitsAndDuplicateBuyers_whenOrdersHoldMoreThanTheSaleAllows() {
        // given: 3 in stock, 1 per user; user "a" holds two orders, and five units are confirmed in all
        order("a", 1, OrderStatus.CONFIRMED);
        order("a", 1, OrderStatus.PAID);
        order("b", 2, OrderStatus.CONFIRMED);
        order("c", 1, OrderStatus.CONFIRMED);

        // when
        SaleReport report = reports.of(sale);

        // then
        assertEquals(5, report.confirmed());
        assertEquals(3, report.buyers());
        assertEquals(2, report.oversold());
        assertEquals(2, report.duplicateBuyers(), "a and b hold more than the per-user limit");
    }

    @Test
    void of_shouldReportNothingSold_whenTheSaleHasNoOrders() {
        assertEquals(new SaleReport("s1", 3, 1, 0, 0, 0, 0, 0, 0, 0), reports.of(sale));
    }

    private void order(String userId, int quantity, OrderStatus status) {
        orders.add(new Order("o" + orders.size(), sale.id(), userId, quantity, status, START, null));
    }

    private record ListedOrders(List<Order> orders) implements OrderStore {
        @Override
        public Order writeOnce(Order order) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Order> find(String orderId) {
            return orders.stream().filter(o -> o.orderId().equals(orderId)).findFirst();
        }

        @Override
        public dev.flashsale.core.order.OrderPage pageBySale(String saleId, String after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Order> listBySale(String saleId) {
            return orders.stream().filter(o -> o.saleId().equals(saleId)).toList();
        }
    }

    /** A ledger that only knows how many units are left: all a report reads from it. */
    private record Remaining(long units) implements StockLedger {
        @Override
        public long remaining(Sale sale) {
            return units;
        }

        @Override
        public void open(Sale sale, int available) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean release(Reservation reservation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean claim(Reservation reservation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Reservation> findReservation(String orderId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Reservation> staleReservations(Sale sale, Instant cutoff) {
            throw new UnsupportedOperationException();
        }
    }
}
