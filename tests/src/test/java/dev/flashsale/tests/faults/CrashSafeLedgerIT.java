package dev.flashsale.tests.faults;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.cache.CacheRecovery;
import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.ledger.CallTokens;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.OrphanSightings;
import dev.flashsale.core.port.ReconcilerLeases;
import dev.flashsale.core.port.RepairLog;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockCache;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.PurchaseAdmission;
import dev.flashsale.core.purchase.PurchaseRequest;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.reconcile.LedgerAudit;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.reconcile.Repair;
import dev.flashsale.core.reconcile.RepairKind;
import dev.flashsale.core.reconcile.SaleAccount;
import dev.flashsale.core.reconcile.StrandedIntentRepair;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.tests.LocalCloudFixture;
import dev.flashsale.tests.faults.StoreFaults.Fault;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash-safe admission and order writing against the real stores (dynalite, embedded Redis): the sequence is
 * stopped after each of its writes (at the SDK, {@link StoreFaults}) and the reconciler, run past its cutoff, must
 * leave no unit unaccounted and no shopper locked out, and a second run must change nothing.
 */
class CrashSafeLedgerIT {

    private static final int STOCK = 3;
    private static ApplicationContext dynamo;
    private static ApplicationContext redis;

    @BeforeAll
    static void start() throws Exception {
        dynamo = LocalCloudFixture.contextOf("AdmissionFunction", Map.of());
        redis = LocalCloudFixture.contextOf("AdmissionFunction", Map.of("FLASHSALE_STOCK_BACKEND", "redis"));
        // The first Redis connection of a loaded machine may miss its 1 s set-up window: try it up to 3 times.
        for (int attempt = 1; ; attempt++) {
            try {
                redis.getBean(StockLedger.class);
                break;
            } catch (RuntimeException slowStart) {
                if (attempt == 3) {
                    throw slowStart;
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        redis.close();
    }

    @AfterEach
    void disarm() {
        StoreFaults.disarm();
    }

    private static Sale newSale(ApplicationContext context, int stock, int limit, int shards) {
        Instant now = Instant.now();
        Sale sale = new Sale("crash-" + UUID.randomUUID().toString().substring(0, 8), "Crash", stock,
                now.minusSeconds(60), now.plusSeconds(3600), limit, shards, Protection.NONE);
        context.getBean(SaleAdministration.class).put(sale);
        return sale;
    }

    /**
     * The reconciler as it runs half an hour from now, every record written so far past its cutoff, and its next
     * pass a minute after, which returns the orphans the first saw (LedgerAudit.STILL_FOR): one report of both.
     */
    private static Reconciliation.Report reconcileLater(ApplicationContext context, Sale sale) {
        Reconciliation.Report first = pass(context, sale, Duration.ofMinutes(30));
        Reconciliation.Report second = pass(context, sale, Duration.ofMinutes(31));
        List<Repair> repairs = new ArrayList<>(first.repairs());
        repairs.addAll(second.repairs());
        return new Reconciliation.Report(second.sales(), first.released() + second.released(), repairs,
                second.accounts(), second.skipped(), second.failures(), first.expired().plus(second.expired()),
                first.events().plus(second.events()));
    }

    private static Reconciliation.Report pass(ApplicationContext context, Sale sale, Duration ahead) {
        Clock later = Clock.offset(Clock.systemUTC(), ahead);
        LedgerItems items = context.getBean(LedgerItems.class);
        OrderStore orders = context.getBean(OrderStore.class);
        OrderWriter writer = context.getBean(OrderWriter.class);
        Reconciliation reconciliation = new Reconciliation(context.getBean(SaleCatalog.class, Qualifiers.byName("source")),
                context.getBean(StockLedger.class), context.getBean(OrderQueue.class), later,
                Duration.ofMinutes(context.getBean(FlashsaleSettings.class).getReconcileAfterMinutes()),
                new StrandedIntentRepair(context == redis ? StrandedIntentRepair.Intents.ORDER_COUNTS
                        : StrandedIntentRepair.Intents.RESERVATIONS, items, orders, writer, later),
                new LedgerAudit(items, orders, later, Duration.ZERO, context.getBean(OrphanSightings.class)),
                context.getBean(RepairLog.class),
                context.getBean(ReconcilerLeases.class), context.getBean(OrderExpiry.class),
                context.findBean(CacheRecovery.class));
        return reconciliation.run(Optional.of(sale.id()));
    }

    /** Reconciles, then checks the books against the stores themselves and that a second run repairs nothing. */
    private static SaleAccount assertReconciled(ApplicationContext context, Sale sale, long sold) {
        Reconciliation.Report report = reconcileLater(context, sale);
        SaleAccount account = report.accounts().get(0);
        LedgerItems items = context.getBean(LedgerItems.class);
        assertEquals(0, account.unaccounted(), "unaccounted units: " + account + " after " + report.repairs());
        assertEquals(0, account.lockedOut(), "locked-out shoppers: " + account);
        assertEquals(sold, confirmed(context, sale, null), "orders confirmed");
        assertEquals(sale.stock() - sold, items.remaining(sale), "the authoritative shards hold the rest");
        items.buyerHolds(sale.id()).forEach((user, holds) -> assertEquals(confirmed(context, sale, user),
                holds.size(), user + "'s count matches their live orders"));
        Reconciliation.Report second = reconcileLater(context, sale);
        assertTrue(second.repairs().isEmpty(), "a second run changes nothing: " + second.repairs());
        return account;
    }

    private static long confirmed(ApplicationContext context, Sale sale, String userId) {
        return context.getBean(OrderStore.class).listBySale(sale.id()).stream()
                .filter(o -> o.status() == OrderStatus.CONFIRMED && (userId == null || o.userId().equals(userId)))
                .count();
    }

    private static Admission buy(ApplicationContext context, Sale sale, String userId) {
        return context.getBean(PurchaseAdmission.class).purchase(sale.id(), new PurchaseRequest(userId, 1));
    }

    private static Order buyAndWrite(ApplicationContext context, Sale sale, String userId) {
        Admission.Admitted admitted = assertInstanceOf(Admission.Admitted.class, buy(context, sale, userId));
        Reservation reservation = context.getBean(StockLedger.class).findReservation(admitted.orderId()).orElseThrow();
        return context.getBean(OrderWriter.class).write(reservation);
    }

    private static boolean crashed(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof StoreFaults.Crash) {
                return true;
            }
        }
        return false;
    }

    /** The reconciler sends a stale reservation's message again (issue 20, F10); its order is written from it. */
    private static void writeTheResentOrder(Reconciliation.Report report) {
        String orderId = report.repairs().stream().filter(r -> r.what() == RepairKind.STALE_RESERVATION_RESENT)
                .findFirst().orElseThrow(() -> new AssertionError("no re-send in " + report.repairs())).orderId();
        dynamo.getBean(OrderWriter.class).write(
                dynamo.getBean(StockLedger.class).findReservation(orderId).orElseThrow());
    }

    @Test
    void reconcile_shouldSendTheMessageAgain_whenAdmissionCrashesAfterItsLastWrite() {
        // given: the reservation's record lands, and admission dies before or after its send
        Sale sale = newSale(dynamo, STOCK, 1, 2);
        StoreFaults.arm(4, Fault.CRASH, StoreFaults::ledgerWrite);
        assertTrue(crashed(assertThrows(Throwable.class, () -> buy(dynamo, sale, "alice"))));
        StoreFaults.disarm();

        // when: the reconciler finds it stale
        Reconciliation.Report report = reconcileLater(dynamo, sale);

        // then: never released (its message may wait in the queue); sent again, and the unit goes to its order
        assertEquals(0, report.released());
        writeTheResentOrder(report);
        assertReconciled(dynamo, sale, 1);
    }

    @ParameterizedTest(name = "admission crashes after write {0}")
    @ValueSource(ints = {1, 2, 3})
    void reconcile_shouldRestoreStockAndBuyer_whenAdmissionCrashesAfterAnyWrite(int write) {
        // given
        Sale sale = newSale(dynamo, STOCK, 1, 2);
        StoreFaults.arm(write, Fault.CRASH, StoreFaults::ledgerWrite);

        // when
        assertTrue(crashed(assertThrows(Throwable.class, () -> buy(dynamo, sale, "alice"))));
        StoreFaults.disarm();

        // then
        assertReconciled(dynamo, sale, 0);
        assertEquals(OrderStatus.CONFIRMED, buyAndWrite(dynamo, sale, "alice").status(), "alice may buy again");
        assertReconciled(dynamo, sale, 1);
    }

    @ParameterizedTest(name = "admission write {0} lands but times out")
    @ValueSource(ints = {1, 2, 3, 4})
    void purchase_shouldSayNothingWasTaken_onlyWhenItsUndoWorked(int write) {
        // given
        Sale sale = newSale(dynamo, STOCK, 1, 2);
        StoreFaults.arm(write, Fault.LANDED_THEN_TIMEOUT, StoreFaults::ledgerWrite);

        // when
        Admission answer;
        try {
            answer = buy(dynamo, sale, "alice");
        } catch (RuntimeException storeFailure) {
            answer = new Admission.Refused(Refusal.UNAVAILABLE); // what the handler answers: 503, nothing was taken
        }
        StoreFaults.disarm();

        // then: the 503 is true, nothing is held for alice
        assertEquals(Refusal.UNAVAILABLE, assertInstanceOf(Admission.Refused.class, answer).refusal());
        assertTrue(dynamo.getBean(LedgerItems.class).buyerHolds(sale.id()).getOrDefault("alice", java.util.Set.of()).isEmpty());
        assertReconciled(dynamo, sale, 0);
    }

    @ParameterizedTest(name = "store down after admission write {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void purchase_shouldAskForARetryNotA202_whenTheUndoFailsToo(int write) {
        // given
        Sale sale = newSale(dynamo, STOCK, 1, 2);
        StoreFaults.arm(write, Fault.STORE_DOWN, StoreFaults::ledgerWrite);

        // when
        Admission answer = buy(dynamo, sale, "alice");
        StoreFaults.disarm();

        // then: never "nothing was taken", and no order id to follow either (issue 20, N1: nothing may ever write
        // that order): a retry of the same request; the reconciler settles it
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, answer);
        assertEquals(Refusal.UNAVAILABLE, refused.refusal());
        assertTrue(refused.message().contains("same requestId"), refused.message());
        if (write < 4) {
            assertReconciled(dynamo, sale, 0);
            return;
        }
        // the reservation's record had landed: its message is sent again, and its order written
        writeTheResentOrder(reconcileLater(dynamo, sale));
        assertReconciled(dynamo, sale, 1);
    }

    @ParameterizedTest(name = "order function crashes after write {0}")
    @ValueSource(ints = {1, 2})
    void reconcile_shouldPutTheUnitOnToItsOrder_whenTheOrderFunctionCrashesAfterAnyWrite(int write) {
        // given: admitted; the order function claims (write 1), writes the order (write 2)
        Sale sale = newSale(dynamo, STOCK, 1, 2);
        String orderId = ((Admission.Admitted) buy(dynamo, sale, "alice")).orderId();
        Reservation reservation = dynamo.getBean(StockLedger.class).findReservation(orderId).orElseThrow();
        StoreFaults.arm(write, Fault.CRASH, StoreFaults::ledgerWrite);

        // when
        assertTrue(crashed(assertThrows(Throwable.class, () -> dynamo.getBean(OrderWriter.class).write(reservation))));
        StoreFaults.disarm();

        // then
        assertReconciled(dynamo, sale, 1);
        assertEquals(OrderStatus.CONFIRMED, dynamo.getBean(OrderWriter.class).write(reservation).status(),
                "the redelivered message changes nothing");
        assertEquals(1, confirmed(dynamo, sale, "alice"));
    }

    @ParameterizedTest(name = "Redis backend: order function crashes after write {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void redisBackend_shouldCountOnceAndBalance_whenTheOrderFunctionCrashesAfterAnyWrite(int write) {
        // given: admitted on Redis; the order function writes intent, shard take, CLAIMED, the order
        Sale sale = newSale(redis, STOCK, 1, 2);
        String orderId = ((Admission.Admitted) buy(redis, sale, "alice")).orderId();
        Reservation reservation = redis.getBean(StockLedger.class).findReservation(orderId).orElseThrow();
        StoreFaults.arm(write, Fault.CRASH, StoreFaults::ledgerWrite);

        // when: it crashes; later the reconciler runs (and writes the order of a claim left behind)
        assertTrue(crashed(assertThrows(Throwable.class, () -> redis.getBean(OrderWriter.class).write(reservation))));
        StoreFaults.disarm();
        reconcileLater(redis, sale);
        Order redelivered = redis.getBean(OrderWriter.class).write(reservation);

        // then
        assertEquals(OrderStatus.CONFIRMED, redelivered.status());
        assertReconciled(redis, sale, 1);
    }

    /**
     * The issue's duplicate buyers, as they happened: the reservation record's write landed but timed out, the
     * shopper was told "nothing was taken", retried and bought; the reconciler later released the first record,
     * which reset the buyer count, and the shopper bought a second unit. Fails on the ledger before write-ahead
     * intents (two confirmed orders for one shopper with a per-user limit of 1).
     */
    @Test
    void retries_shouldNeverSellASecondUnit_whenARecordWriteTimedOutButLanded() throws Exception {
        // given
        Sale sale = newSale(dynamo, 5, 1, 1);
        StoreFaults.arm(1, Fault.LANDED_THEN_TIMEOUT, StoreFaults::reservationRecord);
        try {
            buy(dynamo, sale, "alice");
        } catch (RuntimeException storeFailure) {
            // the 503 the shopper saw
        }
        StoreFaults.disarm();

        // when: she retries and buys; the reconciler runs once everything is stale; she tries once more
        assertEquals(OrderStatus.CONFIRMED, buyAndWrite(dynamo, sale, "alice").status());
        try (ApplicationContext reconciler = LocalCloudFixture.contextOf("ReconcilerFunction",
                Map.of("FLASHSALE_RECONCILE_AFTER_MINUTES", "0"))) {
            Thread.sleep(5); // the cutoff is "now": past every record written above
            new dev.flashsale.reconciler.ReconcilerHandler(reconciler).handleRequest(
                    new com.amazonaws.services.lambda.runtime.events.ScheduledEvent(), null);
        }
        Admission again = buy(dynamo, sale, "alice");
        if (again instanceof Admission.Admitted admitted) {
            dynamo.getBean(OrderWriter.class).write(
                    dynamo.getBean(StockLedger.class).findReservation(admitted.orderId()).orElseThrow());
        }

        // then
        assertEquals(1, confirmed(dynamo, sale, "alice"), "one unit for a shopper with a limit of one");
        assertEquals(Refusal.ALREADY_PURCHASED, assertInstanceOf(Admission.Refused.class, again).refusal());
        assertEquals(4, dynamo.getBean(StockLedger.class).remaining(sale));
    }

    /**
     * The SDK sends a write again when its answer is lost or late; the first one had landed. For the intent and
     * the buyer count the retry is known as the same write: the shopper holds one unit at once. A retried shard
     * take (write 3) carries its call token, which the shard item keeps: it is known as the take that landed, and
     * takes no second unit (issue 20, F5).
     */
    @ParameterizedTest(name = "ledger write {0} retried after it landed")
    @ValueSource(ints = {1, 2, 3, 4})
    void reserve_shouldHoldExactlyOneUnit_whenTheSdkRetriesAWriteThatLanded(int write) throws Exception {
        // given
        Sale sale = newSale(dynamo, 5, 1, 1);
        StoreFaults.arm(write, Fault.LANDED_THEN_RETRIED, StoreFaults::ledgerWrite);

        // when: she is admitted at once, her order is written, and the reconciler runs once all is stale
        Admission admission = buy(dynamo, sale, "alice");
        StoreFaults.disarm();
        Admission.Admitted admitted = assertInstanceOf(Admission.Admitted.class, admission);
        Reservation reservation = dynamo.getBean(StockLedger.class).findReservation(admitted.orderId()).orElseThrow();
        assertEquals(OrderStatus.CONFIRMED, dynamo.getBean(OrderWriter.class).write(reservation).status());
        reconcileLater(dynamo, sale);

        // then
        assertEquals(1, confirmed(dynamo, sale, "alice"));
        assertEquals(java.util.Set.of(admitted.orderId()),
                dynamo.getBean(LedgerItems.class).buyerHolds(sale.id()).get("alice"));
        assertEquals(4, dynamo.getBean(StockLedger.class).remaining(sale), "one unit held, none lost");
    }

    /**
     * A cache restarted empty loses every sale. The first purchase that finds its sale missing rebuilds it from
     * the authority (once, whichever container gets there first), closed: orders admitted before the loss may
     * still be queued, not yet counted. It reopens once the queue has read empty twice, some seconds apart; buyers
     * keep their counts.
     */
    @Test
    void purchase_shouldRebuildTheSaleClosedThenReopenIt_whenTheCacheLostItAndTheQueueIsEmpty() throws Exception {
        // given: a Redis sale of 5 with one unit sold to alice, then the cache loses the sale's keys
        Sale sale = newSale(redis, 5, 1, 2);
        assertEquals(OrderStatus.CONFIRMED, buyAndWrite(redis, sale, "alice").status());
        loseSaleInCache(sale);

        // when: two purchases find it lost, then restoring; the queue reads empty twice, then the sale reopens
        Admission first = buy(redis, sale, "bob");
        Admission second = buy(redis, sale, "carol");
        boolean reopened = reopenWithQueue(sale, () -> true);
        Admission third = buy(redis, sale, "carol");
        Admission aliceAgain = buy(redis, sale, "alice");

        // then
        assertEquals(Refusal.UNAVAILABLE, assertInstanceOf(Admission.Refused.class, first).refusal());
        assertEquals(Refusal.UNAVAILABLE, assertInstanceOf(Admission.Refused.class, second).refusal());
        assertTrue(reopened);
        assertInstanceOf(Admission.Admitted.class, third);
        assertEquals(Refusal.ALREADY_PURCHASED, assertInstanceOf(Admission.Refused.class, aliceAgain).refusal());
        assertEquals(3, redis.getBean(StockLedger.class).remaining(sale), "5 - alice's - carol's");
    }

    /**
     * The case the closed restore is for: bob's order was admitted against the lost copy and is still in the
     * queue, so DynamoDB has not counted it. Reopened at once, the copy would offer bob's unit again: two shoppers
     * admitted for one unit, one of them REJECTED after a 202. Closed until the queue is empty, nobody is.
     */
    @Test
    void reopenRestored_shouldNotOfferTheUnitOfAnOrderStillQueued_whenTheCacheLostTheSale() throws Exception {
        // given: a sale of 2; alice's order written, bob's admitted and still queued; the cache loses the sale
        Sale sale = newSale(redis, 2, 1, 1);
        assertEquals(OrderStatus.CONFIRMED, buyAndWrite(redis, sale, "alice").status());
        Admission.Admitted bob = assertInstanceOf(Admission.Admitted.class, buy(redis, sale, "bob"));
        Reservation bobs = redis.getBean(StockLedger.class).findReservation(bob.orderId()).orElseThrow();
        loseSaleInCache(sale);
        assertInstanceOf(Admission.Refused.class, buy(redis, sale, "carol"), "finds it lost: rebuilt, closed");

        // when: the queue still holds bob's order, then it is written and the queue is empty
        boolean reopenedEarly = reopenWithQueue(sale, () -> false);
        Admission carolEarly = buy(redis, sale, "carol");
        assertEquals(OrderStatus.CONFIRMED, redis.getBean(OrderWriter.class).write(bobs).status());
        boolean reopened = reopenWithQueue(sale, () -> true);
        Admission carolLater = buy(redis, sale, "carol");

        // then: closed while bob's order was queued; reopened with nothing left to sell, so nobody got a 202
        assertFalse(reopenedEarly);
        assertEquals(Refusal.UNAVAILABLE, assertInstanceOf(Admission.Refused.class, carolEarly).refusal());
        assertTrue(reopened);
        assertEquals(Refusal.SOLD_OUT, assertInstanceOf(Admission.Refused.class, carolLater).refusal());
        assertEquals(0, redis.getBean(StockLedger.class).remaining(sale));
    }

    /**
     * An order admitted before the loss whose count died half way (its intent left TAKING, its message gone to the
     * DLQ): the authority may or may not have taken its unit, and the reconciler will count it again. The restored
     * copy must not offer that unit to someone else, or one of the two orders ends REJECTED after its 202.
     */
    @Test
    void reopenRestored_shouldHoldBackTheUnitsOfCountsInDoubt_whenTheCacheLostTheSale() throws Exception {
        // given: a sale of 3; alice's order written; bob's count died after its intent; the cache loses the sale
        Sale sale = newSale(redis, 3, 1, 1);
        assertEquals(OrderStatus.CONFIRMED, buyAndWrite(redis, sale, "alice").status());
        redis.getBean(LedgerItems.class).putIntent(Intent.taking("order-" + UUID.randomUUID(), sale.id(), "bob", 1,
                Instant.now()));
        loseSaleInCache(sale);
        buy(redis, sale, "carol");

        // when
        boolean reopened = reopenWithQueue(sale, () -> true);

        // then: 3 - alice's - bob's in doubt
        assertTrue(reopened);
        assertEquals(1, redis.getBean(StockLedger.class).remaining(sale));
    }

    /**
     * The cache's recovery as it runs 13 s, then 19 s after the restore (past the closed time, then past the quiet
     * time), asked to reopen with the given queue. The one-look-a-second guard is cleared between the two.
     */
    private static boolean reopenWithQueue(Sale sale, BooleanSupplier empty) throws Exception {
        OrderQueue queue = new OrderQueue() {
            @Override
            public void enqueue(Reservation reservation) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isEmpty() {
                return empty.getAsBoolean();
            }
        };
        boolean reopened = false;
        for (long seconds : new long[]{13, 19}) {
            LocalCloudFixture.cloud().redis().admin(commands -> commands.del("{sale:" + sale.id() + "}:queue-check"));
            reopened = recoveryAt(Duration.ofSeconds(seconds)).reopenRestored(sale, queue) || reopened;
        }
        return reopened;
    }

    private static CacheRecovery recoveryAt(Duration later) {
        return new CacheRecovery(redis.getBean(StockCache.class), redis.getBean(LedgerItems.class),
                redis.getBean(OrderStore.class), Clock.offset(Clock.systemUTC(), later));
    }

    /**
     * The queue refused the order, the unit was given back and the shopper told to try again; a retry with the
     * same request (the same order id) must not be answered "reserved" from the first answer's memory: its
     * message would reach an order function that finds the reservation released (an order REJECTED after a 202).
     */
    @Test
    void reserve_shouldAnswerEnded_whenTheSameOrderIdComesBackAfterItsReservationWasGivenBack() {
        // given
        Sale sale = newSale(redis, 3, 1, 1);
        StockLedger ledger = redis.getBean(StockLedger.class);
        String orderId = "order-" + UUID.randomUUID();
        Reservation reservation = assertInstanceOf(ReservationOutcome.Reserved.class,
                ledger.reserve(sale, "erin", 1, orderId, Instant.now())).reservation();
        assertTrue(ledger.release(reservation));

        // when
        ReservationOutcome again = ledger.reserve(sale, "erin", 1, orderId, Instant.now());

        // then
        assertInstanceOf(ReservationOutcome.Ended.class, again);
        assertEquals(3, ledger.remaining(sale));
    }

    /**
     * The queue refused an admitted order and the cache restarted empty before the admission gave the unit back:
     * the reservation is gone, so nothing is held and "nothing was taken" is true. The release says so (before,
     * it answered "claimed", and the shopper got an order id that never became an order), and leaves a tombstone
     * so that a message that did get through after all is not counted later.
     */
    @Test
    void release_shouldReportNothingHeldAndBlockALateClaim_whenTheCacheLostTheReservation() throws Exception {
        // given: a Redis reservation, then the cache loses the sale's keys
        Sale sale = newSale(redis, 3, 1, 1);
        StockLedger ledger = redis.getBean(StockLedger.class);
        Reservation reservation = assertInstanceOf(ReservationOutcome.Reserved.class,
                ledger.reserve(sale, "dora", 1, "order-" + UUID.randomUUID(), Instant.now())).reservation();
        loseSaleInCache(sale);

        // when
        boolean released = ledger.release(reservation);
        boolean claimedLater = ledger.claim(reservation);

        // then
        assertTrue(released, "nothing is held for her: the admission may say nothing was taken");
        assertFalse(claimedLater, "a late message finds the tombstone");
    }

    /**
     * When the cache offered a unit the authority no longer had (after a cache loss), the order is rejected; the
     * shopper must not stay counted as its buyer in the cache, or they could never buy again (locked out). A
     * redelivered message changes nothing more.
     */
    @Test
    void write_shouldDropTheShoppersHoldInTheCache_whenTheAuthorityRefusesTheUnits() throws Exception {
        // given: the cache offers 2 units, the authority has none left
        Sale sale = newSale(redis, 2, 1, 1);
        redis.getBean(LedgerItems.class).fill(sale, 0);
        Admission.Admitted first = assertInstanceOf(Admission.Admitted.class, buy(redis, sale, "alice"));
        Reservation reservation = redis.getBean(StockLedger.class).findReservation(first.orderId()).orElseThrow();

        // when: the order is written, twice (a redelivery)
        OrderWriter writer = redis.getBean(OrderWriter.class);
        assertEquals(OrderStatus.REJECTED, writer.write(reservation).status());
        assertEquals(OrderStatus.REJECTED, writer.write(reservation).status());

        // then: alice is no buyer in the cache, once
        Map<String, String> buyers = cacheBuyers(sale);
        assertEquals(null, buyers.get("alice"), "alice's hold: " + buyers);
        assertInstanceOf(Admission.Admitted.class, buy(redis, sale, "alice"), "alice may buy again");
    }

    /** The cache loses every key of the sale, as a Redis restarted empty would. */
    private static void loseSaleInCache(Sale sale) throws Exception {
        LocalCloudFixture.cloud().redis().admin(commands ->
                commands.del(commands.keys("{sale:" + sale.id() + "}:*").toArray(String[]::new)));
    }

    private static Map<String, String> cacheBuyers(Sale sale) throws Exception {
        Map<String, String> buyers = new java.util.HashMap<>();
        LocalCloudFixture.cloud().redis().admin(commands -> buyers.putAll(
                commands.hgetall("{sale:" + sale.id() + "}:buyers")));
        return buyers;
    }

    /** Hot-path items stay under 1 KB at their largest: longest ids, a buyer at the highest per-user limit. */
    @Test
    void hotPathItems_shouldStayUnderOneKilobyte_atTheirLargest() {
        // given: 64-character sale and user ids, a per-user limit of 10, and that buyer buying 10 units
        Instant now = Instant.now();
        String saleId = ("s" + UUID.randomUUID().toString().replace("-", "")).repeat(3).substring(0, 64);
        String userId = "u".repeat(64);
        Sale sale = new Sale(saleId, "Big", 20, now.minusSeconds(60), now.plusSeconds(3600), 10, 2, Protection.NONE);
        dynamo.getBean(SaleAdministration.class).put(sale);
        String lastOrder = null;
        for (int i = 0; i < 10; i++) {
            Order order = buyAndWrite(dynamo, sale, userId);
            assertEquals(OrderStatus.CONFIRMED, order.status());
            lastOrder = order.orderId();
        }
        Sale redisSale = new Sale(saleId.substring(0, 60) + "rdis", "Big", 20, now.minusSeconds(60),
                now.plusSeconds(3600), 10, 2, Protection.NONE);
        redis.getBean(SaleAdministration.class).put(redisSale);
        Order redisOrder = buyAndWrite(redis, redisSale, userId);
        // every token slot of shard 0 in use: takes and put-backs whose tokens name the longest order ids
        LedgerItems ledgerItems = dynamo.getBean(LedgerItems.class);
        String longOrderId = "o".repeat(64);
        for (int i = 0; i < 200; i++) {
            ledgerItems.putBack(saleId, 0, 1, CallTokens.giveBack(longOrderId + i));
            assertTrue(ledgerItems.takeFrom(saleId, 0, 1, CallTokens.take(longOrderId + i, now)));
        }

        // when
        DynamoDbClient client = dynamo.getBean(DynamoDbClient.class);
        String table = dynamo.getBean(FlashsaleSettings.class).getStockTable();
        String ordersTable = dynamo.getBean(FlashsaleSettings.class).getOrdersTable();
        int buyer = size(client, table, "pk", "SALE#" + saleId + "#BUYER#" + userId);
        int intent = size(client, table, "pk", "ORDER#" + lastOrder);
        int shard = size(client, table, "pk", "SALE#" + saleId + "#SHARD#0");
        long tokenSlots = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("SALE#" + saleId + "#SHARD#0")))).item().keySet().stream()
                .filter(name -> name.matches("[tp][0-9a-f]")).count();
        int authorityIntent = size(client, table, "pk", "ORDER#" + redisOrder.orderId());
        int authorityShard = size(client, table, "pk", "SALE#" + redisSale.id() + "#SHARD#0");
        int order = size(client, ordersTable, "orderId", lastOrder);

        // then
        int largest = Math.max(Math.max(Math.max(buyer, intent), Math.max(shard, authorityIntent)),
                Math.max(authorityShard, order));
        System.out.printf("hot-path item sizes (bytes): buyer %d, intent %d, shard %d, Redis-path intent %d,"
                + " Redis-path shard %d, order %d; largest %d%n", buyer, intent, shard, authorityIntent,
                authorityShard, order, largest);
        assertTrue(largest < 1024, "largest hot-path item: " + largest + " bytes");
        assertTrue(buyer > 10 * 36, "the buyer item holds its ten order ids");
        assertEquals(2L * LedgerItems.RECENT_TOKENS, tokenSlots, "the shard item holds every slot's token");
    }

    private static int size(DynamoDbClient client, String table, String keyName, String key) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table)
                .key(Map.of(keyName, AttributeValue.fromS(key))).consistentRead(true)).item();
        assertTrue(item != null && !item.isEmpty(), "no item " + key);
        return ItemSize.of(item);
    }
}
