package dev.flashsale.core.cache;

import dev.flashsale.core.fakes.CountingStockLedger;
import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.InMemoryStockCache;
import dev.flashsale.core.fakes.MovableClock;
import dev.flashsale.core.ledger.CountingAuthority;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.order.PaymentTerms;
import dev.flashsale.core.order.RejectionReason;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.reconcile.RepairKind;
import dev.flashsale.core.reconcile.SaleAccount;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache's recovery rules on in-memory stores: no Redis, no DynamoDB, a movable clock. */
class CacheRecoveryTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final InMemoryLedgerItems authority = new InMemoryLedgerItems();
    private final InMemoryOrders orders = new InMemoryOrders();
    private final InMemoryStockCache cache = new InMemoryStockCache(clock);
    private final CacheRecovery recovery = new CacheRecovery(cache, authority, orders, clock);
    private final AtomicBoolean queueEmpty = new AtomicBoolean(true);
    private final OrderQueue queue = new OrderQueue() {
        @Override
        public void enqueue(Reservation reservation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isEmpty() {
            return queueEmpty.get();
        }
    };
    private final Sale sale = new Sale("s1", "Sneakers", 5, START.minusSeconds(60), START.plusSeconds(3600), 2, 2,
            Protection.NONE);

    /** ann's order counted by the authority (one unit taken, her order confirmed). */
    private void annBought() {
        int shard = authority.take(sale, 1, "take:order-ann");
        orders.writeOnce(Order.confirmed(new Reservation("order-ann", sale.id(), "ann", 1, shard, START)));
    }

    /**
     * Issue 20, F9: a failover lost ann's hold in the cache (not the sale), so the cache admitted her past the limit.
     * The authority refuses the order over the limit; it never took the unit, so the cache offers it again, and the
     * hold that reservation added goes.
     */
    @Test
    void write_shouldOfferTheUnitAgainInTheCache_whenTheAuthorityRefusesItOverTheLimit() {
        // given: ann bought the limit (2 orders of one) and her orders are counted
        authority.fill(sale, 5);
        CountingAuthority counting = new CountingAuthority(authority, new InMemorySaleCatalog(sale), clock);
        OrderWriter writer = new OrderWriter(orders, new CountingStockLedger(), counting, PaymentTerms.NONE,
                Optional.of(recovery));
        for (String orderId : List.of("order-ann-1", "order-ann-2")) {
            assertEquals(OrderStatus.CONFIRMED,
                    writer.write(new Reservation(orderId, sale.id(), "ann", 1, 0, START)).status());
        }
        // the cache after the failover: 3 on offer, ann's holds gone; it admits her once more, and the claim lands
        InMemoryStockCache.Entry entry = cache.open(sale, 3);
        Reservation again = new Reservation("order-ann-3", sale.id(), "ann", 1, 0, START);
        entry.units[0] -= 1;
        entry.buyers.put("ann", 1);
        entry.claimed.put(again.orderId(), again);

        // when
        Order order = writer.write(again);

        // then
        assertEquals(OrderStatus.REJECTED, order.status());
        assertEquals(RejectionReason.LIMIT_REACHED, order.reason());
        assertEquals(3, entry.remaining(), "the unit is on offer again");
        assertEquals(0, entry.buyers.get("ann"), "the refused reservation's hold is gone");
        assertEquals(3, authority.remaining(sale), "the authority took nothing for it");
        writer.write(again);
        assertEquals(3, entry.remaining(), "a redelivery gives nothing back twice");
    }

    /**
     * Issue 20, F9, the operator's side: a stock sync while ann's two orders (the limit) are still queued loads the
     * buyers from written orders only, so the cache admits her a third time. Whichever order is counted last is
     * refused over the limit: she ends with the limit, never more.
     */
    @Test
    void write_shouldKeepThePerUserLimit_whenAStockSyncRanWhileHerOrdersWereQueued() {
        // given: ann's two reservations queued, not yet counted; then the operator's stock sync
        authority.fill(sale, 5);
        CountingAuthority counting = new CountingAuthority(authority, new InMemorySaleCatalog(sale), clock);
        OrderWriter writer = new OrderWriter(orders, new CountingStockLedger(), counting, PaymentTerms.NONE,
                Optional.of(recovery));
        recovery.rebuild(sale);
        assertEquals(Map.of(), cache.entry(sale).orElseThrow().buyers, "no written order: no hold loaded");

        // when: the cache admitted her third; all three orders are written
        List<Order> written = List.of("order-ann-3", "order-ann-1", "order-ann-2").stream()
                .map(orderId -> writer.write(new Reservation(orderId, sale.id(), "ann", 1, 0, START))).toList();

        // then
        assertEquals(2, written.stream().filter(order -> order.status() == OrderStatus.CONFIRMED).count());
        assertEquals(RejectionReason.LIMIT_REACHED, written.get(2).reason());
        assertEquals(3, authority.remaining(sale), "the refused order took no unit");
    }

    @Test
    void restoreLost_shouldLoadTheAuthoritysUnitsLessCountsInDoubt_andKeepTheSaleClosed_whenTheCacheLostIt() {
        // given: 5 units, ann's counted, bob's count under way (TAKING: whether his take landed is unknown)
        authority.fill(sale, 5);
        annBought();
        authority.putIntent(Intent.taking("order-bob", sale.id(), "bob", 1, START));

        // when
        boolean restored = recovery.restoreLost(sale);

        // then
        assertTrue(restored);
        InMemoryStockCache.Entry entry = cache.entry(sale).orElseThrow();
        assertEquals(3, entry.remaining(), "4 the authority has, less bob's unit in doubt");
        assertEquals(2, entry.units.length, "spread over the sale's shards");
        assertEquals(Map.of("ann", 1), entry.buyers, "ann is a buyer again");
        assertEquals(START, cache.marks(sale).restoredAt().orElseThrow(), "closed until the queue is counted");
    }

    @Test
    void restoreLost_shouldRestoreOnce_whenTwoCallersFindTheSaleLostOneAfterTheOther() {
        // given
        authority.fill(sale, 5);

        // when
        boolean first = recovery.restoreLost(sale);
        boolean second = recovery.restoreLost(sale);

        // then
        assertTrue(first);
        assertFalse(second, "the sale is held again: nothing to restore");
        assertEquals(1, cache.loads());
    }

    @Test
    void restoreLost_shouldLeaveTheSaleToTheGuardsHolder_whenAnotherContainerIsRestoringIt() {
        // given: a restore under way (its guard taken), its load not yet written
        authority.fill(sale, 5);
        assertTrue(cache.takeGuard(sale, dev.flashsale.core.port.StockCache.Guard.RESTORE, CacheRecovery.REBUILD_GUARD));

        // when
        boolean during = recovery.restoreLost(sale);
        clock.advance(CacheRecovery.REBUILD_GUARD.plusMillis(1)); // the restorer died: its guard lapses
        boolean after = recovery.restoreLost(sale);

        // then
        assertFalse(during);
        assertTrue(after);
        assertEquals(1, cache.loads());
    }

    @Test
    void restoreLost_shouldDoNothing_whenTheCacheHoldsTheSale() {
        cache.open(sale, 5);

        assertFalse(recovery.restoreLost(sale));
        assertEquals(0, cache.loads());
    }

    @Test
    void reopenRestored_shouldReopen_onlyAfterTheClosedTimeAndTwoQuietLooksAtTheQueue() {
        // given: restored at START, ann's order counted since (it was in the queue)
        authority.fill(sale, 5);
        assertTrue(recovery.restoreLost(sale));
        annBought();

        // when / then
        clock.advance(CacheRecovery.RESTORE_CLOSED.minusMillis(1));
        assertFalse(recovery.reopenRestored(sale, queue), "still within the closed time");
        clock.advance(Duration.ofMillis(1));
        assertFalse(recovery.reopenRestored(sale, queue), "first quiet look");
        assertEquals(clock.instant(), cache.marks(sale).drainedAt().orElseThrow());
        clock.advance(CacheRecovery.QUEUE_QUIET.minus(CacheRecovery.QUEUE_CHECK));
        assertFalse(recovery.reopenRestored(sale, queue), "quiet, but not for long enough");
        clock.advance(CacheRecovery.QUEUE_CHECK.minusMillis(1));
        assertFalse(recovery.reopenRestored(sale, queue), "within a second of the last look");
        clock.advance(Duration.ofMillis(1));
        assertTrue(recovery.reopenRestored(sale, queue));

        assertTrue(cache.marks(sale).restoredAt().isEmpty(), "open");
        assertEquals(4, cache.entry(sale).orElseThrow().remaining(), "reloaded with ann's order counted");
        assertFalse(recovery.reopenRestored(sale, queue), "reopened once");
    }

    @Test
    void reopenRestored_shouldStartTheQuietTimeOver_whenTheQueueHoldsOrdersAgain() {
        // given
        authority.fill(sale, 5);
        assertTrue(recovery.restoreLost(sale));
        clock.advance(CacheRecovery.RESTORE_CLOSED);
        assertFalse(recovery.reopenRestored(sale, queue)); // first quiet look

        // when: the queue is busy at the next look
        clock.advance(CacheRecovery.QUEUE_QUIET);
        queueEmpty.set(false);
        boolean busy = recovery.reopenRestored(sale, queue);
        queueEmpty.set(true);
        clock.advance(CacheRecovery.QUEUE_CHECK);
        boolean quietAgain = recovery.reopenRestored(sale, queue);
        clock.advance(CacheRecovery.QUEUE_QUIET.minus(CacheRecovery.QUEUE_CHECK));
        boolean tooSoon = recovery.reopenRestored(sale, queue);
        clock.advance(CacheRecovery.QUEUE_CHECK);
        boolean reopened = recovery.reopenRestored(sale, queue);

        // then
        assertFalse(busy);
        assertFalse(quietAgain);
        assertFalse(tooSoon);
        assertTrue(reopened);
    }

    @Test
    void reopenRestored_shouldLookAtTheQueueAtMostOnceASecond_whenManyPurchasesAreRefused() {
        // given
        authority.fill(sale, 5);
        assertTrue(recovery.restoreLost(sale));
        clock.advance(CacheRecovery.RESTORE_CLOSED);
        AtomicBoolean looked = new AtomicBoolean();
        OrderQueue counting = new OrderQueue() {
            @Override
            public void enqueue(Reservation reservation) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isEmpty() {
                if (!looked.compareAndSet(false, true)) {
                    throw new AssertionError("a second look within the second");
                }
                return true;
            }
        };

        // when
        for (int i = 0; i < 50; i++) {
            recovery.reopenRestored(sale, counting);
        }

        // then
        assertTrue(looked.get());
    }

    @Test
    void checkCopy_shouldTopUpTheCache_whenTwoChecksSeeTheSameGapWithNothingUnderWay() {
        // given: the authority can still sell 3, the cache offers 2 and holds no reservation
        cache.open(sale, 2);

        // when
        CacheRecovery.CopyCheck first = recovery.checkCopy(sale, books(3, 0), queue);
        CacheRecovery.CopyCheck second = recovery.checkCopy(sale, books(3, 0), queue);

        // then
        assertEquals(1, first.account().copyGap(), "first sight: reported, not yet given");
        assertTrue(first.repairs().isEmpty());
        assertEquals(3, cache.entry(sale).orElseThrow().remaining());
        assertEquals(0, second.account().copyGap());
        assertEquals(List.of(RepairKind.COPY_TOPPED_UP), second.repairs().stream().map(r -> r.what()).toList());
        assertEquals(1, second.repairs().get(0).units());
    }

    /**
     * F6: the books are read before the cache. An order admitted on the cache and counted by the authority in
     * between is in neither reading (the authority's was taken before its count, the cache shows it claimed): a
     * gap of one that is not there. Topping it up offers a unit the authority does not have, and the sale's last
     * admitted order is rejected.
     */
    @Test
    void checkCopy_shouldNotTopUp_whenAnOrderAdmittedAndCountedBetweenTheTwoReadingsLooksLikeAGap() {
        // given: 3 units on both sides; the books read 3, then dan buys (cache 2) and his order is counted
        authority.fill(sale, 3);
        InMemoryStockCache.Entry entry = cache.open(sale, 3);
        SaleAccount readBeforeDan = books(3, 0);
        entry.units[0]--;
        Reservation dan = new Reservation("order-dan", sale.id(), "dan", 1, 0, START);
        entry.claimed.put(dan.orderId(), dan);
        authority.take(sale, 1, "take:order-dan");
        orders.writeOnce(Order.confirmed(dan));

        // when: this pass's check, then the next pass's (whose books see dan's count)
        CacheRecovery.CopyCheck racing = recovery.checkCopy(sale, readBeforeDan, queue);
        CacheRecovery.CopyCheck next = recovery.checkCopy(sale, books(authority.remaining(sale), 0), queue);

        // then
        assertTrue(racing.repairs().isEmpty() && next.repairs().isEmpty(), "no top-up");
        assertEquals(2, entry.remaining(), "the cache offers what the authority has");
        assertEquals(0, next.account().copyGap());
    }

    @Test
    void checkCopy_shouldNotTopUp_whenAClaimHasNoOrderYet() {
        // given: erin's reservation claimed, her order still being counted; the books show her unit
        InMemoryStockCache.Entry entry = cache.open(sale, 2);
        Reservation erin = new Reservation("order-erin", sale.id(), "erin", 1, 0, START);
        entry.claimed.put(erin.orderId(), erin);

        // when
        recovery.checkCopy(sale, books(3, 0), queue);
        CacheRecovery.CopyCheck again = recovery.checkCopy(sale, books(3, 0), queue);

        // then
        assertTrue(again.repairs().isEmpty());
        assertEquals(2, entry.remaining());
    }

    @Test
    void checkCopy_shouldLeaveTheGap_whenAReservationOrACountIsUnderWay() {
        // given
        InMemoryStockCache.Entry entry = cache.open(sale, 1);
        entry.reserved.put("order-cy", new Reservation("order-cy", sale.id(), "cy", 1, 0, START));

        // when
        CacheRecovery.CopyCheck reserved = recovery.checkCopy(sale, books(3, 0), queue);
        entry.reserved.clear();
        CacheRecovery.CopyCheck counting = recovery.checkCopy(sale, books(3, 1), queue);

        // then
        assertEquals(1, reserved.account().copyGap());
        assertEquals(2, counting.account().copyGap());
        assertTrue(reserved.repairs().isEmpty() && counting.repairs().isEmpty());
        assertEquals(1, entry.remaining());
    }

    @Test
    void checkCopy_shouldReportTheExcess_whenTheCacheOffersMoreThanTheAuthorityHas() {
        cache.open(sale, 4);

        CacheRecovery.CopyCheck check = recovery.checkCopy(sale, books(3, 0), queue);

        assertEquals(-1, check.account().copyGap());
        assertTrue(check.repairs().isEmpty());
    }

    @Test
    void checkCopy_shouldRestoreTheSale_whenTheCacheLostIt() {
        authority.fill(sale, 5);

        CacheRecovery.CopyCheck check = recovery.checkCopy(sale, books(5, 0), queue);

        assertEquals(List.of(RepairKind.COPY_REBUILT), check.repairs().stream().map(r -> r.what()).toList());
        assertTrue(cache.holds(sale));
    }

    @Test
    void fillAuthority_shouldHoldBackCountedUnitsAndCountsUnderWay_whenASaleIsPutAgain() {
        // given: ann's order counted, bob's count under way
        authority.fill(sale, 5);
        annBought();
        authority.putIntent(Intent.taking("order-bob", sale.id(), "bob", 1, START));

        // when
        recovery.fillAuthority(sale);

        // then
        assertEquals(3, authority.remaining(sale));
    }

    private SaleAccount books(long remaining, long inDoubt) {
        return new SaleAccount(sale.id(), sale.stock(), remaining, 0, sale.stock() - remaining, inDoubt, 0, 0, 0);
    }
}
