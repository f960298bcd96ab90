package dev.flashsale.core.cache;

import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stock ledger of a backend with a cache in front of the authority (Redis): every call goes to the cache's
 * ledger, and opening a sale fills the authority first ({@link CacheRecovery#fillAuthority}), so both hold it.
 */
public final class CachedStockLedger implements StockLedger {

    private final StockLedger cache;
    private final CacheRecovery recovery;

    public CachedStockLedger(StockLedger cache, CacheRecovery recovery) {
        this.cache = cache;
        this.recovery = recovery;
    }

    @Override
    public void open(Sale sale, int available) {
        recovery.fillAuthority(sale);
        cache.open(sale, available);
    }

    @Override
    public ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now) {
        return cache.reserve(sale, userId, quantity, orderId, now);
    }

    @Override
    public int roundTripsPerReservation() {
        return cache.roundTripsPerReservation();
    }

    @Override
    public boolean release(Reservation reservation) {
        return cache.release(reservation);
    }

    @Override
    public boolean claim(Reservation reservation) {
        return cache.claim(reservation);
    }

    @Override
    public boolean isDurable() {
        return cache.isDurable();
    }

    @Override
    public long remaining(Sale sale) {
        return cache.remaining(sale);
    }

    @Override
    public Optional<Reservation> findReservation(String orderId) {
        return cache.findReservation(orderId);
    }

    @Override
    public List<Reservation> staleReservations(Sale sale, Instant cutoff) {
        return cache.staleReservations(sale, cutoff);
    }

    @Override
    public Optional<Reservation> findEnded(String orderId) {
        return cache.findEnded(orderId);
    }
}
