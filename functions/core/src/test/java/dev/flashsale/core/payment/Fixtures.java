package dev.flashsale.core.payment;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Product;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Sales, orders and the small fakes the payment tests share. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private Fixtures() {
    }

    static Sale saleWithWindow(int paymentMinutes) {
        return new Sale("drop", "Drop", 10, NOW.minusSeconds(3600), NOW.plusSeconds(3600), 1, 2,
                Protection.DEFAULTS, new Product("Sneakers", 8900, "EUR"), paymentMinutes);
    }

    static Reservation reservation(String userId) {
        return new Reservation(UUID.randomUUID().toString(), "drop", userId, 1, 0, NOW.minusSeconds(5));
    }

    static Order confirmed(String userId, Instant payBy) {
        return Order.confirmed(reservation(userId)).payableUntil(payBy);
    }

    static final class Catalog implements SaleCatalog {
        final Map<String, Sale> sales = new ConcurrentHashMap<>();

        Catalog(Sale... sales) {
            for (Sale sale : sales) {
                this.sales.put(sale.id(), sale);
            }
        }

        @Override
        public Optional<Sale> find(String saleId) {
            return Optional.ofNullable(sales.get(saleId));
        }

        @Override
        public boolean save(Sale sale) {
            return sales.put(sale.id(), sale) != null;
        }

        @Override
        public List<Sale> list() {
            return List.copyOf(sales.values());
        }
    }

    /** A ledger with no reservations in flight: every order the tests use is already written. */
    static final class NoReservations implements StockLedger {
        @Override
        public void open(Sale sale, int available) {
        }

        @Override
        public ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean release(Reservation reservation) {
            return false;
        }

        @Override
        public boolean claim(Reservation reservation) {
            return true;
        }

        @Override
        public long remaining(Sale sale) {
            return 0;
        }

        @Override
        public Optional<Reservation> findReservation(String orderId) {
            return Optional.empty();
        }

        @Override
        public List<Reservation> staleReservations(Sale sale, Instant cutoff) {
            return List.of();
        }
    }
}
