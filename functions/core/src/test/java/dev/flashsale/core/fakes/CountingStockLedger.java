package dev.flashsale.core.fakes;

import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stock as one counter per sale, and nothing kept per buyer or per reservation (a benchmark's millions of buyers
 * cost no memory): claims always succeed, releases never find anything to give back. For tests that need the
 * per-user limit or releases, the core's own {@code WriteAheadLedger} over in-memory items is the ledger.
 */
public final class CountingStockLedger implements StockLedger {

    private final Map<String, AtomicLong> stock = new ConcurrentHashMap<>();
    private final Set<String> restoring = ConcurrentHashMap.newKeySet();

    /** Holds a sale closed, as a cache that rebuilt it after a loss does until the queued orders are counted. */
    public void restoring(Sale sale) {
        restoring.add(sale.id());
    }

    @Override
    public void open(Sale sale, int available) {
        stock.put(sale.id(), new AtomicLong(available));
    }

    @Override
    public ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now) {
        AtomicLong left = stock.get(sale.id());
        if (left == null) {
            return new ReservationOutcome.UnknownSale();
        }
        if (restoring.contains(sale.id())) {
            return new ReservationOutcome.Restoring();
        }
        if (left.addAndGet(-quantity) < 0) {
            left.addAndGet(quantity);
            return new ReservationOutcome.SoldOut();
        }
        return new ReservationOutcome.Reserved(new Reservation(orderId, sale.id(), userId, quantity, 0, now));
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
        AtomicLong left = stock.get(sale.id());
        return left == null ? 0 : left.get();
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
