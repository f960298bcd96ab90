package dev.flashsale.core.purchase;

import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Admission.Admitted;
import dev.flashsale.core.decision.Admission.Refused;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.fakes.CountingBotSignals;
import dev.flashsale.core.fakes.CountingStockLedger;
import dev.flashsale.core.fakes.InMemoryBlocklistStore;
import dev.flashsale.core.fakes.InMemoryChallengeLedger;
import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrderQueue;
import dev.flashsale.core.fakes.InMemoryRateLimiter;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.RecordingAdmissionEvents;
import dev.flashsale.core.guard.AdmissionGuard;
import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.guard.Blocklist;
import dev.flashsale.core.guard.JitterGate;
import dev.flashsale.core.guard.LoadShedder;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.ledger.WriteAheadLedger;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.sale.Account;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Eligibility;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static dev.flashsale.core.fakes.Fixtures.openSale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PurchaseAdmissionTest {

    private static final String ADDRESS = "203.0.113.7";
    private static final KeyedHash KEYED_HASH =
            new KeyedHash("0123456789abcdef0123456789abcdef-admit".getBytes(StandardCharsets.UTF_8));
    private static final Protection LIMITED = new Protection(ChallengeMode.OFF, 0, 5, 5, 0);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemorySaleCatalog catalog = new InMemorySaleCatalog();
    private final InMemoryOrderQueue queue = new InMemoryOrderQueue();
    private final InMemoryBlocklistStore blocks = new InMemoryBlocklistStore();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter();
    private final CountingBotSignals signals = new CountingBotSignals();
    private final RecordingAdmissionEvents events = new RecordingAdmissionEvents();
    private final List<Reservation> released = new ArrayList<>();
    private final List<Reservation> stranded = new ArrayList<>();
    private final List<Sale> lostSales = new ArrayList<>();
    private final List<Sale> restoringSales = new ArrayList<>();

    private PurchaseAdmission admission(StockLedger ledger, LoadShedder shedder) {
        AdmissionGuard guard = new AdmissionGuard(new Blocklist(blocks, clock, Duration.ZERO), limiter, signals,
                new Challenges(KEYED_HASH, new InMemoryChallengeLedger(), new Random(5)), shedder,
                new AdmissionGuard.AutoBlock(10, Duration.ofMinutes(15)));
        return new PurchaseAdmission(catalog, ledger, queue, new SoldOutMemory(Duration.ofSeconds(1)), clock,
                new RequestOrderIds(KEYED_HASH),
                new PurchaseAdmission.Checks(guard, new JitterGate(KEYED_HASH), shedder),
                new PurchaseAdmission.Hooks(events, released::add, stranded::add, lostSales::add,
                        restoringSales::add));
    }

    private PurchaseAdmission admission(StockLedger ledger) {
        return admission(ledger, new LoadShedder(100, 1000));
    }

    private CountingStockLedger stocked(Sale sale) {
        catalog.save(sale);
        CountingStockLedger ledger = new CountingStockLedger();
        ledger.open(sale, sale.stock());
        return ledger;
    }

    private static PurchaseRequest request(String userId) {
        return new PurchaseRequest(userId, 1, null, ADDRESS, NOW);
    }

    @Test
    void purchase_shouldAdmitAndQueueTheReservation_whenStockIsLeft() {
        // given
        Sale sale = openSale("s1", 2, LIMITED);
        CountingStockLedger ledger = stocked(sale);

        // when
        Admission answer = admission(ledger).purchase("s1", request("ann"));

        // then
        Admitted admitted = assertInstanceOf(Admitted.class, answer);
        assertEquals(1, queue.taken());
        assertEquals(admitted.orderId(), queue.last().orderId());
        assertEquals("ann", queue.last().userId());
        assertEquals(1, ledger.remaining(sale));
        assertEquals(1, events.admitted());
    }

    private static final Instant ANNOUNCED = NOW.minus(Duration.ofDays(7));
    private static final Protection FOR_OLD_VERIFIED_ACCOUNTS = LIMITED.withEligibility(new Eligibility(ANNOUNCED, true));

    private static PurchaseRequest request(String userId, Account account) {
        return new PurchaseRequest(userId, 1, null, ADDRESS, NOW, null, account);
    }

    @Test
    void purchase_shouldRefuseAccountTooNew_whenTheAccountWasMadeAtOrAfterTheCutoff_orItsAgeIsUnknown() {
        // given
        Sale sale = openSale("s1", 2, FOR_OLD_VERIFIED_ACCOUNTS);
        CountingStockLedger ledger = stocked(sale);
        PurchaseAdmission admission = admission(ledger);

        // when
        List<Admission> answers = List.of(
                admission.purchase("s1", request("new", new Account(NOW.minusSeconds(60), true))),
                admission.purchase("s1", request("cutoff", new Account(ANNOUNCED, true))),
                admission.purchase("s1", request("unknown", Account.UNKNOWN)),
                admission.purchase("s1", request("claimless")));

        // then
        for (Admission answer : answers) {
            assertEquals(Refusal.ACCOUNT_TOO_NEW, assertInstanceOf(Refused.class, answer).refusal());
        }
        assertEquals(2, ledger.remaining(sale), "no unit moved");
        assertEquals(0, queue.taken());
    }

    @Test
    void purchase_shouldRefuseEmailNotVerified_whenTheSaleAsksForAVerifiedEmail() {
        Sale sale = openSale("s1", 2, FOR_OLD_VERIFIED_ACCOUNTS);
        CountingStockLedger ledger = stocked(sale);

        Admission answer = admission(ledger).purchase("s1", request("old", new Account(ANNOUNCED.minusSeconds(1), false)));

        assertEquals(Refusal.EMAIL_NOT_VERIFIED, assertInstanceOf(Refused.class, answer).refusal());
        assertEquals(2, ledger.remaining(sale));
    }

    @Test
    void purchase_shouldAdmit_whenTheAccountIsOlderThanTheCutoffAndVerified() {
        Sale sale = openSale("s1", 2, FOR_OLD_VERIFIED_ACCOUNTS);
        CountingStockLedger ledger = stocked(sale);

        Admission answer = admission(ledger).purchase("s1", request("old", new Account(ANNOUNCED.minusSeconds(1), true)));

        assertInstanceOf(Admitted.class, answer);
        assertEquals(1, ledger.remaining(sale));
    }

    @Test
    void purchase_shouldNameTheSameOrder_whenTheSameRequestIdComesAgain() {
        Sale sale = openSale("s1", 5, LIMITED);
        PurchaseAdmission admission = admission(stocked(sale));
        PurchaseRequest first = new PurchaseRequest("ann", 1, null, ADDRESS, NOW, "req-1");

        Admitted a = assertInstanceOf(Admitted.class, admission.purchase("s1", first));
        Admitted b = assertInstanceOf(Admitted.class, admission.purchase("s1", first));

        assertEquals(a.orderId(), b.orderId());
        assertTrue(OrderIds.isWellFormed(a.orderId()));
    }

    @Test
    void purchase_shouldRefuseWithoutTouchingStock_whenTheRequestIsInvalid() {
        Sale sale = openSale("s1", 2, LIMITED);
        CountingStockLedger ledger = stocked(sale);

        Refused refused = assertInstanceOf(Refused.class,
                admission(ledger).purchase("s1", new PurchaseRequest("ann", 2, null, ADDRESS, NOW)));

        assertEquals(Refusal.INVALID_REQUEST, refused.refusal());
        assertEquals("quantity must be 1", refused.message());
        assertEquals(2, ledger.remaining(sale));
        assertEquals(1, events.refused(Refusal.INVALID_REQUEST));
    }

    @Test
    void purchase_shouldRefuse_whenTheSaleIsUnknown() {
        Refused refused = assertInstanceOf(Refused.class,
                admission(new CountingStockLedger()).purchase("nope", request("ann")));

        assertEquals(Refusal.SALE_NOT_FOUND, refused.refusal());
    }

    @Test
    void purchase_shouldSayWhenToComeBack_whenTheSaleOpensLater() {
        // given a sale opening in 90 seconds
        Sale later = new Sale("s1", "s1", 5, NOW.plusSeconds(90), NOW.plusSeconds(3600), 1, 1, LIMITED);
        CountingStockLedger ledger = stocked(later);

        // when
        Refused refused = assertInstanceOf(Refused.class, admission(ledger).purchase("s1", request("ann")));

        // then
        assertEquals(Refusal.SALE_NOT_OPEN, refused.refusal());
        assertEquals(90, refused.retryAfterSeconds());
        assertEquals(5, ledger.remaining(later));
    }

    @Test
    void purchase_shouldRefuseWithoutTouchingStock_whenTheShopperIsBlocked() {
        Sale sale = openSale("s1", 2, LIMITED);
        CountingStockLedger ledger = stocked(sale);
        blocks.add(new BlockEntry(BlockEntry.Type.USER, "mallory", "test", NOW, null));

        Refused refused = assertInstanceOf(Refused.class, admission(ledger).purchase("s1", request("mallory")));

        assertEquals(Refusal.BLOCKED, refused.refusal());
        assertEquals(2, ledger.remaining(sale));
        assertEquals(0, queue.taken());
    }

    @Test
    void purchase_shouldAnswerSoldOutFromMemory_whenTheLedgerRanOutMomentsAgo() {
        // given a sale the ledger just found sold out
        Sale sale = openSale("s1", 0, LIMITED);
        CountingStockLedger ledger = stocked(sale);
        PurchaseAdmission admission = admission(ledger);
        Admission first = admission.purchase("s1", request("ann"));
        assertEquals(Refusal.SOLD_OUT, assertInstanceOf(Refused.class, first).refusal());

        // when units appear in the ledger within the memory's second
        ledger.open(sale, 3);
        Admission again = admission.purchase("s1", request("bob"));

        // then the memory answers, and the ledger is not asked
        assertEquals(Refusal.SOLD_OUT, assertInstanceOf(Refused.class, again).refusal());
        assertEquals(3, ledger.remaining(sale));
    }

    /**
     * The store's round trip is timed on the shedder's own time, not the machine's: a container (or a local stack)
     * whose time is injected sheds by the latency that time says, whatever the machine's pace.
     */
    @Test
    void purchase_shouldShedTheNext_whenTheStoreTookLongerThanTheLimitOnTheShedderTime() {
        // given: a time that moves one second on every reading, so the reservation takes a second on it
        Sale sale = openSale("s1", 5, LIMITED);
        CountingStockLedger ledger = stocked(sale);
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        PurchaseAdmission admission = admission(ledger,
                new LoadShedder(100, 250, () -> nanos.addAndGet(1_000_000_000L)));

        // when
        Admission first = admission.purchase("s1", request("ann"));
        Admission second = admission.purchase("s1", request("bob"));

        // then: the first's second-long round trip, halved by the next reading, is still above 250 ms
        assertInstanceOf(Admitted.class, first);
        assertEquals(Refusal.OVERLOADED, assertInstanceOf(Refused.class, second).refusal());
        assertEquals(4, ledger.remaining(sale));
    }

    @Test
    void purchase_shouldShedLoadWithRetryAfter_whenTheContainerIsFull() {
        Sale sale = openSale("s1", 2, LIMITED);
        CountingStockLedger ledger = stocked(sale);

        Refused refused = assertInstanceOf(Refused.class,
                admission(ledger, new LoadShedder(0, 1000)).purchase("s1", request("ann")));

        assertEquals(Refusal.OVERLOADED, refused.refusal());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(2, ledger.remaining(sale));
    }

    @Test
    void purchase_shouldRefuseWithoutABotSignal_whenTheRateLimitIsHit() {
        // Issue 21, finding 7: a rate limit refuses, and that is all (a shared address holds many shoppers).
        Sale sale = openSale("s1", 2, LIMITED);
        CountingStockLedger ledger = stocked(sale);
        limiter.refuse("sale:s1:ip:" + ADDRESS);

        Refused refused = assertInstanceOf(Refused.class, admission(ledger).purchase("s1", request("ann")));

        assertEquals(Refusal.RATE_LIMITED, refused.refusal());
        assertEquals(0, signals.count("user:ann"));
        assertEquals(0, signals.count("ip:" + ADDRESS));
        assertEquals(2, ledger.remaining(sale));
    }

    @Test
    void purchase_shouldRefuseTheSecondUnit_whenTheShopperReachedTheLimit() {
        Sale sale = openSale("s1", 5, LIMITED);
        catalog.save(sale);
        WriteAheadLedger ledger = new WriteAheadLedger(new InMemoryLedgerItems(), LedgerEvents.NONE);
        ledger.open(sale, sale.stock());
        PurchaseAdmission admission = admission(ledger);

        assertInstanceOf(Admitted.class, admission.purchase("s1", request("ann")));
        Refused second = assertInstanceOf(Refused.class, admission.purchase("s1", request("ann")));

        assertEquals(Refusal.ALREADY_PURCHASED, second.refusal());
        assertEquals(4, ledger.remaining(sale));
    }

    @Test
    void purchase_shouldGiveTheUnitsBack_whenTheQueueRefusesTheOrder() {
        // given a queue that does not take messages
        Sale sale = openSale("s1", 3, LIMITED);
        catalog.save(sale);
        WriteAheadLedger ledger = new WriteAheadLedger(new InMemoryLedgerItems(), LedgerEvents.NONE);
        ledger.open(sale, sale.stock());
        queue.refuse(true);

        // when
        Refused refused = assertInstanceOf(Refused.class, admission(ledger).purchase("s1", request("ann")));

        // then nothing was taken, and the shopper may try again
        assertEquals(Refusal.UNAVAILABLE, refused.refusal());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(3, ledger.remaining(sale));
        assertEquals(1, released.size());
        assertTrue(stranded.isEmpty());
    }

    @Test
    void purchase_shouldAskForTheSameRequestAgain_whenNeitherTheQueueNorTheReleaseWorked() {
        // given a ledger store that goes down on the release's first write, and a queue that refuses
        Sale sale = openSale("s1", 3, LIMITED);
        catalog.save(sale);
        InMemoryLedgerItems items = new InMemoryLedgerItems();
        WriteAheadLedger ledger = new WriteAheadLedger(items, LedgerEvents.NONE);
        ledger.open(sale, sale.stock());
        PurchaseAdmission admission = admission(ledger);
        items.failAt(Integer.MAX_VALUE, InMemoryLedgerItems.Fault.STORE_DOWN);
        assertInstanceOf(Admitted.class, admission.purchase("s1", request("ann")));
        int writesPerReservation = items.writes();
        items.failAt(writesPerReservation + 1, InMemoryLedgerItems.Fault.STORE_DOWN);
        queue.refuse(true);

        // when
        Admission answer = admission.purchase("s1", request("bob"));

        // then units may be held, or half given back (never an order then): not a 202 but "retry the same
        // request", which answers from the reservation's state; the stranded reservation is reported
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, answer);
        assertEquals(Refusal.UNAVAILABLE, refused.refusal());
        assertTrue(refused.message().contains("same requestId"), refused.message());
        assertEquals(1, stranded.size());
        assertTrue(released.isEmpty());
    }

    @Test
    void purchase_shouldReportTheLostSaleAndAskForPatience_whenTheLedgerDoesNotKnowIt() {
        // given a sale in the catalog that the ledger never loaded (a cache that restarted empty)
        Sale sale = openSale("s1", 3, LIMITED);
        catalog.save(sale);

        // when
        Refused refused = assertInstanceOf(Refused.class,
                admission(new CountingStockLedger()).purchase("s1", request("ann")));

        // then
        assertEquals(Refusal.UNAVAILABLE, refused.refusal());
        assertEquals(5, refused.retryAfterSeconds());
        assertEquals(List.of(sale), lostSales);
    }

    @Test
    void purchase_shouldAskTheLedgerToReopenNotToRebuild_whenTheSaleIsBeingRestored() {
        // given a sale the ledger rebuilt after a loss and holds closed
        Sale sale = openSale("s1", 3, LIMITED);
        catalog.save(sale);
        CountingStockLedger ledger = new CountingStockLedger();
        ledger.open(sale, 3);
        ledger.restoring(sale);

        // when
        Refused refused = assertInstanceOf(Refused.class, admission(ledger).purchase("s1", request("ann")));

        // then: nothing taken, a short wait, and the reopen hook (not the rebuild one) asked
        assertEquals(Refusal.UNAVAILABLE, refused.refusal());
        assertEquals(2, refused.retryAfterSeconds());
        assertEquals(List.of(sale), restoringSales);
        assertEquals(List.of(), lostSales);
        assertEquals(3, ledger.remaining(sale));
    }
}
