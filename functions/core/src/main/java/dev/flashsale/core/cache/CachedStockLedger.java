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
 * ledger, opening a sale fills the authority first ({@link CacheRecovery#fillAuthority}), so both hold it, and
 * replacing a live one changes both by the delta.
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

    /**
     * A live sale's new stock: the authority's shards and the cache's copy each change by the delta, so a take on
     * either that lands meanwhile stays taken (issue 20, F7).
     */
    @Override
    public void replace(Sale old, Sale sale) {
        recovery.changeAuthority(old, sale);
        cache.replace(old, sale);
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
    public boolean keepsSends() {
        return cache.keepsSends();
    }

    @Override
    public boolean markQueued(Reservation reservation, Instant at) {
        return cache.markQueued(reservation, at);
    }

    @Override
    public Optional<Reservation> findEnded(String orderId) {
        return cache.findEnded(orderId);
    }
}
