package dev.flashsale.core.cache;

import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.ledger.StockChange;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.StockCache;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.reconcile.CopyAccount;
import dev.flashsale.core.reconcile.Repair;
import dev.flashsale.core.reconcile.RepairKind;
import dev.flashsale.core.reconcile.SaleAccount;
import dev.flashsale.core.reconcile.SoldUnits;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.ShardPlan;

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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of a stock cache in front of the authoritative stock (the Redis backend), on any {@link StockCache}:
 * what the cache is loaded with (the authority's remaining units less counts in doubt, the buyers' kept units),
 * when a lost sale is restored (once per moment, closed), when it reopens (the order queue quiet), and when the
 * reconciler tops the cache up. The authority is {@link LedgerItems} and the orders; the cache knows neither.
 */
public final class CacheRecovery {

    /** How long one rebuild keeps others off; a rebuild that died leaves the sale to the next caller after it. */
    public static final Duration REBUILD_GUARD = Duration.ofSeconds(30);
    /**
     * A restored sale stays closed at least this long: an admission that reserved on the lost copy may still be
     * sending its order (the admission function's timeout, 10 s, bounds it).
     */
    public static final Duration RESTORE_CLOSED = Duration.ofSeconds(12);
    /** The queue must read empty twice this far apart: SQS's counts may trail a send by a little. */
    public static final Duration QUEUE_QUIET = Duration.ofSeconds(5);
    /** At most one look at the queue per sale and interval, however many containers are refused. */
    public static final Duration QUEUE_CHECK = Duration.ofSeconds(1);

    /** The copy check of one sale: the books with the copy's gap, and the repair it made, if any. */
    public record CopyCheck(SaleAccount account, List<Repair> repairs) {
    }

    private final StockCache cache;
    private final LedgerItems authority;
    private final OrderStore orders;
    private final Clock clock;
    /** The last gap each sale's check saw in this container (a suspicion, confirmed or cleared by the next). */
    private final Map<String, GapSeen> gapsSeen = new ConcurrentHashMap<>();

    public CacheRecovery(StockCache cache, LedgerItems authority, OrderStore orders, Clock clock) {
        this.cache = cache;
        this.authority = authority;
        this.orders = orders;
        this.clock = clock;
    }

    /**
     * Before the cache is loaded by an operator's put: the authority holds the sale's stock less every unit it has
     * counted or may have (a count under way), whatever the cache offers.
     */
    public void fillAuthority(Sale sale) {
        long counted = 0;
        Set<String> sold = new HashSet<>();
        for (Order order : orders.listBySale(sale.id())) {
            if (SoldUnits.keepsUnits(order)) {
                counted += order.quantity();
                sold.add(order.orderId());
            }
        }
        for (Intent intent : authority.pendingIntents(sale.id())) {
            if (intent.state().ownership() != IntentState.Ownership.NO && !sold.contains(intent.orderId())) {
                counted += intent.quantity();
            }
        }
        authority.fill(sale, (int) Math.max(0, sale.stock() - counted));
    }

    /**
     * An operator's stock sync: the cache is loaded from the authority and open at once (the operator vouches that
     * no order is still under way).
     */
    public boolean rebuild(Sale sale) {
        load(sale, Optional.empty());
        return true;
    }

    /**
     * Restores a sale the cache lost, at most once per {@link #REBUILD_GUARD} however many containers find it lost
     * at the same time; true for the caller that restored it. The sale stays closed: orders admitted against the
     * lost copy may still be in the queue, not yet counted, and their units must not be offered again.
     */
    public boolean restoreLost(Sale sale) {
        if (cache.holds(sale) || !cache.takeGuard(sale, StockCache.Guard.RESTORE, REBUILD_GUARD)) {
            return false;
        }
        // Checked again under the guard: a rebuild that finished just before must not be undone.
        if (cache.holds(sale)) {
            return false;
        }
        load(sale, Optional.of(clock.instant()));
        return true;
    }

    /**
     * Reopens a restored sale once the order queue has read empty twice, {@link #QUEUE_QUIET} apart, the first time
     * no sooner than {@link #RESTORE_CLOSED} after the restore: then every order admitted before the loss is
     * written, and the load that reopens the sale reads them all from the authority. Cheap to call on every refused
     * purchase: at most one caller per {@link #QUEUE_CHECK} looks at the queue.
     */
    public boolean reopenRestored(Sale sale, OrderQueue queue) {
        StockCache.RestoreMarks marks = cache.marks(sale);
        Instant now = clock.instant();
        if (marks.restoredAt().isEmpty() || now.isBefore(marks.restoredAt().get().plus(RESTORE_CLOSED))
                || !cache.takeGuard(sale, StockCache.Guard.QUEUE_CHECK, QUEUE_CHECK)) {
            return false;
        }
        if (!queue.isEmpty()) {
            cache.clearDrained(sale);
            return false;
        }
        if (marks.drainedAt().isEmpty()) {
            cache.markDrained(sale, now);
            return false;
        }
        if (now.isBefore(marks.drainedAt().get().plus(QUEUE_QUIET))
                || !cache.takeGuard(sale, StockCache.Guard.REOPEN, REBUILD_GUARD)) {
            return false;
        }
        // Checked again under the guard: a second load after the reopen would wipe the new reservations.
        if (cache.marks(sale).restoredAt().isEmpty()) {
            return false;
        }
        load(sale, Optional.empty());
        return true;
    }

    /**
     * The authority refused a claimed reservation (the cache offered a unit the authority no longer had): the
     * shopper's hold in the cache goes, so that they are not counted as a buyer of an order they never got.
     */
    public void dropRefusedHold(Reservation reservation) {
        cache.dropHold(reservation);
    }

    /**
     * The authority refused a claimed reservation over the buyer's limit (the cache had lost the buyer's hold): the
     * authority took no unit, so the cache offers the units again, and the hold of that reservation goes.
     */
    public void returnRefusedClaim(Reservation reservation) {
        cache.returnClaim(reservation);
    }

    /**
     * An operator's replacement of a live sale, on the authority: the change in stock is applied to its shards as
     * a conditional delta ({@link StockChange}), never a value read earlier and written back, so a count that lands
     * meanwhile stays counted. The cache's own copy changes by the same delta (the cache ledger's replace).
     */
    public void changeAuthority(Sale old, Sale sale) {
        new StockChange(authority).apply(old, sale);
    }

    /** Claims older than {@code cutoff}: the reconciler makes sure each has its order. */
    public List<Reservation> staleClaims(Sale sale, Instant cutoff) {
        return cache.claimedBefore(sale, cutoff);
    }

    /**
     * The cache against the authority's books: it should offer what the authority can still sell less what it has
     * admitted and not yet had counted. When it offers more, the excess orders end REJECTED by the authority, which
     * the account's {@code copyGap} reports ({@code ./flashsale stock sync} rebuilds the cache). When it offers
     * fewer, the difference is given to it (those units would never sell), but only on evidence that lag and
     * concurrency cannot fake: the books are read before the cache, so an order admitted and counted in between
     * looks like a gap of one. The same gap must be seen by two checks of this container with the same figures
     * (nothing moved between them) and nothing in flight at either: no reservation unclaimed, no count under way,
     * no claim without its order. A lost sale is restored, a restored one reopened when its time has come, first.
     */
    public CopyCheck checkCopy(Sale sale, SaleAccount books, OrderQueue queue) {
        List<Repair> repairs = new ArrayList<>();
        if (restoreLost(sale)) {
            repairs.add(new Repair(RepairKind.COPY_REBUILT, sale.id(), null, 0, "the cache had lost the sale",
                    clock.instant()));
        } else if (reopenRestored(sale, queue)) {
            repairs.add(new Repair(RepairKind.COPY_REOPENED, sale.id(), null, 0,
                    "every order admitted before the cache's loss is counted", clock.instant()));
        }
        CopyAccount copy = cache.account(sale);
        long gap = books.remaining() - copy.reserved() - copy.remaining();
        GapSeen seen = new GapSeen(books.remaining(), copy.remaining(), gap);
        if (gap <= 0 || copy.reserved() > 0 || books.inDoubt() > 0 || claimsInFlight(sale)) {
            gapsSeen.remove(sale.id());
        } else if (!seen.equals(gapsSeen.put(sale.id(), seen))) {
            // First sight (or the figures moved): a snapshot of motion until the next check sees it again.
        } else {
            gapsSeen.remove(sale.id());
            cache.topUp(sale, (int) gap);
            repairs.add(new Repair(RepairKind.COPY_TOPPED_UP, sale.id(), null, (int) gap,
                    "the cache offered fewer units than the authoritative stock, in two checks with nothing "
                            + "under way", clock.instant()));
            gap = 0;
        }
        return new CopyCheck(books.withCopyGap(gap), repairs);
    }

    /** A gap a check saw, with the figures it saw it in. */
    private record GapSeen(long authorityRemaining, long cacheRemaining, long gap) {
    }

    /** Claims whose order is not written yet: their count may be about to take a unit the books still show. */
    private boolean claimsInFlight(Sale sale) {
        List<Reservation> claims = cache.claimedBefore(sale, Instant.MAX);
        if (claims.isEmpty()) {
            return false;
        }
        Set<String> written = new HashSet<>();
        orders.listBySale(sale.id()).forEach(order -> written.add(order.orderId()));
        return claims.stream().anyMatch(claim -> !written.contains(claim.orderId()));
    }

    /**
     * The cache gets the authority's remaining units less those of counts still TAKING (under way, or died half
     * way and left for the reconciler to count again: whether their take landed is unknown, and offering their
     * units again would turn one of those admitted orders, or a later one, into a rejection; when it had landed,
     * the copy offers a unit too few until the copy check gives it back), and each buyer their kept units.
     */
    private void load(Sale sale, Optional<Instant> closedSince) {
        int inDoubt = authority.pendingIntents(sale.id()).stream()
                .filter(intent -> intent.state() == IntentState.TAKING).mapToInt(Intent::quantity).sum();
        int available = (int) Math.max(0, authority.remaining(sale) - inDoubt);
        int[] unitsByShard = new int[sale.shards()];
        for (int shard = 0; shard < sale.shards(); shard++) {
            unitsByShard[shard] = ShardPlan.unitsInShard(available, sale.shards(), shard);
        }
        Map<String, Integer> unitsByBuyer = new HashMap<>();
        for (Order order : orders.listBySale(sale.id())) {
            if (SoldUnits.keepsUnits(order)) {
                unitsByBuyer.merge(order.userId(), order.quantity(), Integer::sum);
            }
        }
        cache.load(sale, unitsByShard, unitsByBuyer, closedSince);
    }
}
