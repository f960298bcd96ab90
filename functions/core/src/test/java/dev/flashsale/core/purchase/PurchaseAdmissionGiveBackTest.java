package dev.flashsale.core.purchase;

import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.fakes.CountingBotSignals;
import dev.flashsale.core.fakes.InMemoryBlocklistStore;
import dev.flashsale.core.fakes.InMemoryChallengeLedger;
import dev.flashsale.core.fakes.InMemoryOrderQueue;
import dev.flashsale.core.fakes.InMemoryRateLimiter;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.RecordingAdmissionEvents;
import dev.flashsale.core.guard.AdmissionGuard;
import dev.flashsale.core.guard.Blocklist;
import dev.flashsale.core.guard.JitterGate;
import dev.flashsale.core.guard.LoadShedder;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue refused an admitted order and the units must go back: what the shopper is told depends on whether
 * the give-back worked, and, when the stock store did not answer, on whether it could lose the reservation.
 */
class PurchaseAdmissionGiveBackTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Sale SALE = new Sale("s1", "Sale", 10, NOW.minusSeconds(60), NOW.plusSeconds(3600), 1, 1,
            Protection.NONE);

    /**
     * A ledger of one sale whose releases fail the first {@code failingReleases} times; with {@code landsFirst},
     * the first of them did release before its answer was lost.
     */
    private static final class FlakyLedger implements StockLedger {
        private final boolean durable;
        private int failingReleases;
        boolean landsFirst;
        private Reservation released;
        int releases;

        FlakyLedger(boolean durable, int failingReleases) {
            this.durable = durable;
            this.failingReleases = failingReleases;
        }

        @Override
        public void open(Sale sale, int available) {
        }

        @Override
        public ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now) {
            return new ReservationOutcome.Reserved(new Reservation(orderId, sale.id(), userId, quantity, 0, now));
        }

        @Override
        public boolean release(Reservation reservation) {
            releases++;
            if (released != null) {
                return false; // released before: this call released nothing
            }
            if (failingReleases-- > 0) {
                if (landsFirst) {
                    released = reservation;
                }
                throw new IllegalStateException("the stock store did not answer");
            }
            released = reservation;
            return true;
        }

        @Override
        public Optional<Reservation> findEnded(String orderId) {
            return Optional.ofNullable(released).filter(r -> r.orderId().equals(orderId));
        }

        @Override
        public boolean claim(Reservation reservation) {
            return true;
        }

        @Override
        public long remaining(Sale sale) {
            return 10;
        }

        @Override
        public Optional<Reservation> findReservation(String orderId) {
            return Optional.empty();
        }

        @Override
        public List<Reservation> staleReservations(Sale sale, Instant cutoff) {
            return List.of();
        }

        @Override
        public boolean isDurable() {
            return durable;
        }
    }

    private final List<Reservation> stranded = new ArrayList<>();

    private Admission purchaseWithRefusingQueue(StockLedger ledger) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        KeyedHash keyedHash = new KeyedHash("give-back-test-secret-0123456789".getBytes(StandardCharsets.UTF_8));
        InMemoryOrderQueue refusing = new InMemoryOrderQueue();
        refusing.refuse(true);
        LoadShedder shedder = new LoadShedder(100, 1_000);
        AdmissionGuard guard = new AdmissionGuard(new Blocklist(new InMemoryBlocklistStore(), clock,
                Duration.ofSeconds(5)), new InMemoryRateLimiter(), new CountingBotSignals(),
                new Challenges(keyedHash, new InMemoryChallengeLedger(), new SecureRandom()), shedder,
                new AdmissionGuard.AutoBlock(10, Duration.ofMinutes(15)));
        PurchaseAdmission admission = new PurchaseAdmission(new InMemorySaleCatalog(SALE), ledger, refusing,
                new SoldOutMemory(Duration.ofSeconds(1)), clock, new RequestOrderIds(keyedHash),
                new PurchaseAdmission.Checks(guard, new JitterGate(keyedHash), shedder),
                new PurchaseAdmission.Hooks(new RecordingAdmissionEvents(), released -> { }, stranded::add,
                        lost -> { }, restoring -> { }));
        return admission.purchase(SALE.id(), new PurchaseRequest("alice", 1, null, "203.0.113.7", NOW, "r1"));
    }

    @Test
    void purchase_shouldSayNothingWasTaken_whenTheGiveBackWorksOnItsSecondTry() {
        // given: a store that missed the first release (restarting), then answered
        FlakyLedger ledger = new FlakyLedger(false, 1);

        // when
        Admission answer = purchaseWithRefusingQueue(ledger);

        // then
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, answer);
        assertEquals(Refusal.UNAVAILABLE, refused.refusal());
        assertTrue(refused.message().contains("nothing was taken"), refused.message());
        assertEquals(2, ledger.releases);
        assertTrue(stranded.isEmpty());
    }

    @Test
    void purchase_shouldSayNothingWasTaken_whenTheFirstGiveBackLandedButItsAnswerWasLost() {
        // given: the first release landed, then the connection dropped; the second finds nothing to release
        FlakyLedger ledger = new FlakyLedger(false, 1);
        ledger.landsFirst = true;

        // when
        Admission answer = purchaseWithRefusingQueue(ledger);

        // then: the reservation ended (not claimed): nothing was taken, not a 202 with no order behind it
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, answer);
        assertTrue(refused.message().contains("nothing was taken"), refused.message());
        assertEquals(2, ledger.releases);
    }

    @Test
    void purchase_shouldAskForTheSameRequestAgain_whenADurableLedgerDidNotAnswerTheGiveBack() {
        // given: the give-back never gets through; a try may have begun it (RELEASING), which ends in no order
        FlakyLedger ledger = new FlakyLedger(true, Integer.MAX_VALUE);

        // when
        Admission answer = purchaseWithRefusingQueue(ledger);

        // then: no order id to follow that may never be settled into an order (issue 20, N1)
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, answer);
        assertEquals(Refusal.UNAVAILABLE, refused.refusal());
        assertTrue(refused.message().contains("same requestId"), refused.message());
        assertEquals(3, ledger.releases);
        assertEquals(1, stranded.size());
    }

    @Test
    void purchase_shouldAskForTheSameRequestAgain_whenACacheLedgerDidNotAnswerTheGiveBack() {
        // given: a cache that stays unreachable, and would lose the reservation if it restarted empty
        FlakyLedger ledger = new FlakyLedger(false, Integer.MAX_VALUE);

        // when
        Admission answer = purchaseWithRefusingQueue(ledger);

        // then: no order id that nothing may ever settle, and no claim that nothing was taken
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, answer);
        assertEquals(Refusal.UNAVAILABLE, refused.refusal());
        assertFalse(refused.message().contains("nothing was taken"), refused.message());
        assertTrue(refused.message().contains("same requestId"), refused.message());
        assertEquals(1, stranded.size());
    }
}
