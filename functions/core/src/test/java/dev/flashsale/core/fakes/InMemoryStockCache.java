package dev.flashsale.core.fakes;

import dev.flashsale.core.port.StockCache;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.reconcile.CopyAccount;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A stock cache as Redis keeps one: per sale its shards' units, its buyers' units, its reservations by state and
 * the restore marks; guards that lapse on the clock; a {@link #lose()} that empties it, as a restart does.
 */
public final class InMemoryStockCache implements StockCache {

    /** One sale as the cache holds it. */
    public static final class Entry {
        public int[] units;
        public final Map<String, Integer> buyers = new HashMap<>();
        public final Map<String, Reservation> reserved = new HashMap<>();
        public final Map<String, Reservation> claimed = new HashMap<>();
        Instant restoredAt;
        Instant drainedAt;

        public long remaining() {
            return IntStream.of(units).asLongStream().sum();
        }
    }

    private final Clock clock;
    private final Map<String, Entry> sales = new HashMap<>();
    private final Map<String, Instant> guardsUntil = new HashMap<>();
    private int loads;

    public InMemoryStockCache(Clock clock) {
        this.clock = clock;
    }

    /** The sale as an operator's put loads it: open, nothing held. */
    public synchronized Entry open(Sale sale, int available) {
        Entry entry = new Entry();
        entry.units = new int[sale.shards()];
        entry.units[0] = available;
        sales.put(sale.id(), entry);
        return entry;
    }

    public synchronized Optional<Entry> entry(Sale sale) {
        return Optional.ofNullable(sales.get(sale.id()));
    }

    /** A restart that lost everything, guards included. */
    public synchronized void lose() {
        sales.clear();
        guardsUntil.clear();
    }

    /** How many loads (restores, reopens, syncs) ran. */
    public synchronized int loads() {
        return loads;
    }

    @Override
    public synchronized boolean holds(Sale sale) {
        return sales.containsKey(sale.id());
    }

    @Override
    public synchronized boolean takeGuard(Sale sale, Guard guard, Duration hold) {
        String key = sale.id() + "/" + guard;
        Instant now = clock.instant();
        Instant until = guardsUntil.get(key);
        if (until != null && now.isBefore(until)) {
            return false;
        }
        guardsUntil.put(key, now.plus(hold));
        return true;
    }

    @Override
    public synchronized RestoreMarks marks(Sale sale) {
        Entry entry = sales.get(sale.id());
        return entry == null ? new RestoreMarks(Optional.empty(), Optional.empty())
                : new RestoreMarks(Optional.ofNullable(entry.restoredAt), Optional.ofNullable(entry.drainedAt));
    }

    @Override
    public synchronized void markDrained(Sale sale, Instant at) {
        entry(sale).ifPresent(entry -> entry.drainedAt = at);
    }

    @Override
    public synchronized void clearDrained(Sale sale) {
        entry(sale).ifPresent(entry -> entry.drainedAt = null);
    }

    @Override
    public synchronized void load(Sale sale, int[] unitsByShard, Map<String, Integer> unitsByBuyer,
                                  Optional<Instant> closedSince) {
        loads++;
        Entry entry = new Entry();
        entry.units = unitsByShard.clone();
        entry.buyers.putAll(unitsByBuyer);
        entry.restoredAt = closedSince.orElse(null);
        sales.put(sale.id(), entry);
    }

    @Override
    public synchronized void dropHold(Reservation reservation) {
        Entry entry = sales.get(reservation.saleId());
        if (entry != null && entry.claimed.remove(reservation.orderId()) != null) {
            entry.buyers.merge(reservation.userId(), -reservation.quantity(), Integer::sum);
        }
    }

    @Override
    public synchronized void returnClaim(Reservation reservation) {
        Entry entry = sales.get(reservation.saleId());
        if (entry != null && entry.claimed.remove(reservation.orderId()) != null) {
            entry.units[reservation.shard()] += reservation.quantity();
            entry.buyers.merge(reservation.userId(), -reservation.quantity(), Integer::sum);
        }
    }

    @Override
    public synchronized List<Reservation> claimedBefore(Sale sale, Instant cutoff) {
        Entry entry = sales.get(sale.id());
        return entry == null ? List.of() : new ArrayList<>(entry.claimed.values().stream()
                .filter(claim -> claim.reservedAt().isBefore(cutoff)).toList());
    }

    @Override
    public synchronized CopyAccount account(Sale sale) {
        Entry entry = sales.get(sale.id());
        return entry == null ? new CopyAccount(0, 0) : new CopyAccount(entry.remaining(), entry.reserved.size());
    }

    @Override
    public synchronized void topUp(Sale sale, int units) {
        sales.get(sale.id()).units[0] += units;
    }
}
