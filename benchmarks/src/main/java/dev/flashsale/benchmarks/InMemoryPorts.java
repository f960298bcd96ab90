package dev.flashsale.benchmarks;

import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.port.AdmissionEvents;
import dev.flashsale.core.port.BlocklistStore;
import dev.flashsale.core.port.BotSignals;
import dev.flashsale.core.port.ChallengeLedger;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.RateLimiter;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The admission's ports in memory and without I/O, so a benchmark times the code between the stores only. */
final class InMemoryPorts {

    private InMemoryPorts() {
    }

    static final class Catalog implements SaleCatalog {
        private final Map<String, Sale> sales = new ConcurrentHashMap<>();

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

    /** Stock as one counter per sale; every buyer is new (the benchmark never repeats a user). */
    static final class Ledger implements StockLedger {
        private final Map<String, AtomicLong> stock = new ConcurrentHashMap<>();

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
            return stock.get(sale.id()).get();
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

    static final class Queue implements OrderQueue {
        @Override
        public void enqueue(Reservation reservation) {
        }

        @Override
        public boolean isEmpty() {
            return true; // every message is dropped on arrival
        }
    }

    static final class NoBlocks implements BlocklistStore {
        @Override
        public List<BlockEntry> all() {
            return List.of();
        }

        @Override
        public void add(BlockEntry entry) {
        }

        @Override
        public boolean remove(BlockEntry.Type type, String value) {
            return false;
        }
    }

    static final class AlwaysAllowed implements RateLimiter {
        @Override
        public Decision tryAcquire(String key, int perSecond, Instant now) {
            return Decision.ALLOWED;
        }
    }

    static final class NoSignals implements BotSignals {
        @Override
        public long record(String subject, Instant now) {
            return 0;
        }
    }

    static final class FreshChallenges implements ChallengeLedger {
        @Override
        public boolean consume(String challengeId, Instant expiresAt) {
            return true;
        }
    }

    static final class NoEvents implements AdmissionEvents {
        @Override
        public void admitted(String saleId) {
        }

        @Override
        public void refused(Refusal refusal, String saleId, String userId, String clientAddress) {
        }
    }
}
