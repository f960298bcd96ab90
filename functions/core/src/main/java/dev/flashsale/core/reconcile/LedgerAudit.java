package dev.flashsale.core.reconcile;

import dev.flashsale.core.ledger.CallTokens;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.OrphanSightings;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a sale's books on the authoritative ledger, {@code stock = remaining + held + sold}, and repairs them.
 * <p>
 * Units are alike, so a take or a put-back whose outcome nobody recorded (a crash right after it) shows only in
 * the sum: units gone from the shards that no record owns. The shards are read first, the records after: every
 * take visible on a shard was preceded by its intent, so a live sequence shows as a record in doubt (TAKING,
 * RELEASING), never as a loss. What is missing beyond the units in doubt went nowhere and is put back; what is
 * in doubt is settled by a later run, once its record has moved on.
 * <p>
 * The records are read from indexes that lag (the pending index, the order listing): a unit taken just now by an
 * intent not yet in the index looks lost for as long as the index lags, and AWS names no bound on that. So a
 * shortfall is only a sighting at first ({@link OrphanSightings}); the units are returned only by a pass that finds
 * the same sighting {@link #STILL_FOR} old or older: the same stock, the same orphans, and the shards' mark
 * unchanged, so no unit moved on the shards in between. Then every unit missing from the shards was taken before
 * the first sighting, by an intent written before it, which an index read a window later shows: as pending (held
 * or in doubt), or ORDERED only once its order was seen in the listing. A lagging read can fake a loss within a
 * pass, never across a window in which nothing moved. A sale that keeps selling gets its orphans back once it is
 * quiet for a window (between two passes).
 * <p>
 * An expired order's claim owns its unit until the expiry's give-back wins it ({@code GiveBack}): it is held here
 * (being returned), so an expiry stopped between marking the order and giving the unit back never shows as a lost
 * unit, and the unit comes back once, through that claim.
 * <p>
 * Buyer counts hold the order ids they count: an id with no live record and no sold order is taken off, and an
 * id with one is never touched, so a buyer count never drops below the shopper's live orders.
 */
public final class LedgerAudit {

    /** The books after this run, and the repairs it made. */
    public record Result(SaleAccount account, List<Repair> repairs) {
    }

    private final LedgerItems items;
    private final OrderStore orders;
    private final Clock clock;
    private final Duration indexSettle;
    private final OrphanSightings sightings;

    /**
     * How long a sighting of orphans must stand, the shards unmoved, before they are returned: far longer than
     * any index lag seen on DynamoDB (well under a second, seconds at worst) plus the 1 s the passes' clocks may
     * differ, and shorter than the minute between scheduled passes, so that a quiet sale's orphans come back at
     * the pass after the one that saw them.
     */
    public static final Duration STILL_FOR = Duration.ofSeconds(45);

    /**
     * @param indexSettle time between reading the shards and reading the pending index, so a record written just
     *                    before a take is usually visible in the (eventually consistent) index; zero where it is
     *                    immediate. Orphans never rest on it: see {@link #STILL_FOR}
     * @param sightings   the orphans earlier passes saw, sale by sale
     */
    public LedgerAudit(LedgerItems items, OrderStore orders, Clock clock, Duration indexSettle,
                       OrphanSightings sightings) {
        this.items = items;
        this.orders = orders;
        this.clock = clock;
        this.indexSettle = indexSettle;
        this.sightings = sightings;
    }

    /** Checks one sale. */
    public Result check(Sale sale) {
        return check(List.of(sale)).get(0);
    }

    /** Checks sales: every sale's shards first, one pause for the index, then each sale's records. */
    public List<Result> check(List<Sale> sales) {
        LedgerItems.ShardReading[] remaining = new LedgerItems.ShardReading[sales.size()];
        for (int i = 0; i < sales.size(); i++) {
            remaining[i] = readShards(sales.get(i));
        }
        if (!sales.isEmpty()) {
            awaitIndex();
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < sales.size(); i++) {
            results.add(check(sales.get(i), remaining[i]));
        }
        return results;
    }

    /** The first step of a check: the units on the sale's shards and their mark, read strongly. */
    public LedgerItems.ShardReading readShards(Sale sale) {
        return items.readShards(sale);
    }

    /** Between reading the shards and the records: time for a record written just before a take to be indexed. */
    public void awaitIndex() {
        if (indexSettle.isZero()) {
            return;
        }
        try {
            Thread.sleep(indexSettle.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The second step: the sale's records against the shards as {@link #readShards} read them. */
    public Result check(Sale sale, LedgerItems.ShardReading shards) {
        long remaining = shards.remaining();
        List<Repair> repairs = new ArrayList<>();
        List<Intent> pending = items.pendingIntents(sale.id());
        Map<String, Order> saleOrders = new HashMap<>();
        for (Order order : orders.listBySale(sale.id())) {
            saleOrders.put(order.orderId(), order);
        }
        long sold = 0;
        Set<String> soldIds = new HashSet<>();
        for (Order order : saleOrders.values()) {
            if (SoldUnits.keepsUnits(order)) {
                sold += order.quantity();
                soldIds.add(order.orderId());
            }
        }
        long held = 0;
        long inDoubt = 0;
        Set<String> pendingIds = new HashSet<>();
        for (Intent intent : pending) {
            pendingIds.add(intent.orderId());
            if (intent.state().ownership() == IntentState.Ownership.YES && !soldIds.contains(intent.orderId())) {
                held += intent.quantity();
            } else if (intent.state().ownership() == IntentState.Ownership.MAYBE) {
                inDoubt += intent.quantity();
            }
        }
        long unaccounted = sale.stock() - remaining - held - sold;
        long orphans = unaccounted - inDoubt;
        boolean returned = false;
        if (orphans > 0 && stoodStill(sale, shards, orphans)) {
            sightings.clear(sale.id()); // first: this sighting is spent, whatever becomes of the put-backs
            returnUnits(sale, orphans, remaining);
            returned = true;
            repairs.add(new Repair(RepairKind.ORPHAN_UNITS_RETURNED, sale.id(), null, (int) orphans,
                    "units gone from the shards that no reservation or order holds (a write whose record was lost)",
                    clock.instant()));
            unaccounted -= orphans;
        }
        long lockedOut = repairBuyers(sale, pendingIds, soldIds, repairs);
        long explained = Math.max(0, Math.min(unaccounted, inDoubt));
        return new Result(new SaleAccount(sale.id(), sale.stock(), remaining + (returned ? orphans : 0), held, sold,
                inDoubt, unaccounted - explained, lockedOut, 0), repairs);
    }

    /**
     * Whether the orphans seen now were seen, the same, at least {@link #STILL_FOR} ago with no unit moved on the
     * shards since; when not, this sighting is recorded (an older one that still matches keeps its time).
     */
    private boolean stoodStill(Sale sale, LedgerItems.ShardReading shards, long orphans) {
        Instant now = clock.instant();
        Optional<OrphanSightings.Sighting> earlier = sightings.find(sale.id());
        boolean same = earlier.isPresent() && earlier.get().stock() == sale.stock()
                && earlier.get().orphans() == orphans && earlier.get().shardMark().equals(shards.mark());
        if (same && !now.isBefore(earlier.get().seenAt().plus(STILL_FOR))) {
            return true;
        }
        if (!same) {
            sightings.record(new OrphanSightings.Sighting(sale.id(), sale.stock(), orphans, shards.mark(), now));
        }
        return false;
    }

    private void returnUnits(Sale sale, long units, long remainingRead) {
        long[] perShard = new long[sale.shards()];
        for (long i = 0; i < units; i++) {
            perShard[(int) (i % sale.shards())]++;
        }
        for (int shard = 0; shard < perShard.length; shard++) {
            if (perShard[shard] > 0) {
                items.putBack(sale.id(), shard, (int) perShard[shard],
                        CallTokens.orphans(sale.id(), shard, clock.instant(), remainingRead, units));
            }
        }
    }

    /** Takes dead order ids off buyer counts; answers the shoppers still locked out afterwards (0 normally). */
    private long repairBuyers(Sale sale, Set<String> pendingIds, Set<String> soldIds, List<Repair> repairs) {
        long lockedOut = 0;
        for (Map.Entry<String, Set<String>> buyer : items.buyerHolds(sale.id()).entrySet()) {
            boolean stillLocked = false;
            for (String orderId : buyer.getValue()) {
                if (pendingIds.contains(orderId) || soldIds.contains(orderId)) {
                    continue;
                }
                // Read the record itself: the index and the order listing may lag behind a fresh purchase.
                Optional<Intent> intent = items.intent(orderId);
                if (intent.isPresent() && (intent.get().state().pending() || intent.get().state() == IntentState.ORDERED)) {
                    continue;
                }
                if (intent.isEmpty() && orders.find(orderId).map(SoldUnits::keepsUnits).orElse(false)) {
                    continue;
                }
                try {
                    items.uncountBuyer(sale.id(), buyer.getKey(), orderId, intent.map(Intent::quantity).orElse(1));
                    repairs.add(new Repair(RepairKind.BUYER_HOLD_REMOVED, sale.id(), orderId, 0,
                            "the buyer count held an order that is not live ("
                                    + intent.map(i -> i.state().name()).orElse("no record") + ")", clock.instant()));
                } catch (RuntimeException failed) {
                    stillLocked = true;
                }
            }
            if (stillLocked) {
                lockedOut++;
            }
        }
        return lockedOut;
    }

}
