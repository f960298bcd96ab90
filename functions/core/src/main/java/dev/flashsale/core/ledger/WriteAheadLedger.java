package dev.flashsale.core.ledger;

import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.flashsale.core.ledger.IntentState.ABANDONED;
import static dev.flashsale.core.ledger.IntentState.CLAIMED;
import static dev.flashsale.core.ledger.IntentState.ORDERED;
import static dev.flashsale.core.ledger.IntentState.QUEUED;
import static dev.flashsale.core.ledger.IntentState.REFUSED;
import static dev.flashsale.core.ledger.IntentState.RELEASING;
import static dev.flashsale.core.ledger.IntentState.RESERVED;
import static dev.flashsale.core.ledger.IntentState.TAKING;

/**
 * The stock ledger when admission reserves on the authoritative store itself (DynamoDB backend): a write-ahead
 * intent, then single-item conditional writes each tagged with the order id.
 *
 * <pre>
 * reserve:  intent TAKING ──► buyer count (+order id) ──► shard take ──► intent RESERVED
 *              │ limit / sold out: undo the buyer count ──► REFUSED
 *              │ a step failed: undo the buyer count ──► ABANDONED (a take that may have landed is the
 *              │                reconciler's to count back)
 * stale:    RESERVED ──► (the reconciler sends the message again) ──► QUEUED   (never released for its age)
 * release:  RESERVED ──► RELEASING ──► shard put-back ──► buyer uncount ──► RELEASED   ({@link GiveBack})
 * order:    RESERVED or QUEUED ──► CLAIMED ──► (order written, its units final: paid or no payment window) ──► ORDERED
 * expiry:   CLAIMED ──► RELEASING ──► ... ──► RELEASED   (the unpaid order's units, {@link GiveBack} again)
 * books:    RELEASED ──► (the reconciler's count has seen the put-back) ──► RETURNED
 * </pre>
 *
 * A crash after any single write leaves a record in a pending state (TAKING, RESERVED, CLAIMED, RELEASING) in the
 * sale's pending index: the reconciler finds it, moves it on, and counts the units of the ones it cannot decide
 * (TAKING, RELEASING) against the shards. A call answers with an exception only when nothing is held for the
 * shopper; when its undo failed too, it answers {@link ReservationOutcome.InDoubt}: never an order id to follow
 * (a 202) for an intent that may never reach its order; the shopper retries the same request.
 */
public final class WriteAheadLedger implements StockLedger {

    private static final Set<IntentState> FROM_TAKING = EnumSet.of(TAKING);
    private static final Set<IntentState> FROM_RESERVED = EnumSet.of(RESERVED);
    private static final Set<IntentState> FROM_RELEASING = EnumSet.of(RELEASING);
    private static final Set<IntentState> FROM_TAKING_OR_RESERVED = EnumSet.of(TAKING, RESERVED);
    private static final Set<IntentState> FROM_RESERVED_OR_QUEUED = EnumSet.of(RESERVED, QUEUED);

    private final LedgerItems items;
    private final LedgerEvents events;
    private final GiveBack giveBack;

    public WriteAheadLedger(LedgerItems items, LedgerEvents events) {
        this.items = items;
        this.events = events;
        this.giveBack = new GiveBack(items);
    }

    @Override
    public void open(Sale sale, int available) {
        items.fill(sale, available);
    }

    @Override
    public void replace(Sale old, Sale sale) {
        new StockChange(items).apply(old, sale);
    }

    /** Intent, buyer count, shard take, intent RESERVED. */
    @Override
    public int roundTripsPerReservation() {
        return 4;
    }

    @Override
    public ReservationOutcome reserve(Sale sale, String userId, int quantity, String orderId, Instant now) {
        if (items.knownEmpty(sale)) {
            return new ReservationOutcome.SoldOut();
        }
        Intent intent = Intent.taking(orderId, sale.id(), userId, quantity, now);
        boolean created;
        try {
            created = items.putIntent(intent);
        } catch (RuntimeException failure) {
            return giveUp(intent, "intent", failure);
        }
        if (!created) {
            return repeated(intent);
        }
        LedgerItems.BuyerCount counted;
        try {
            counted = items.countBuyer(sale, userId, orderId, quantity);
        } catch (RuntimeException failure) {
            return giveUp(intent, "buyer", failure);
        }
        if (counted == LedgerItems.BuyerCount.LIMIT_REACHED) {
            refuse(intent, false);
            return new ReservationOutcome.LimitReached();
        }
        int shard;
        try {
            shard = items.take(sale, quantity, CallTokens.take(orderId, now));
        } catch (RuntimeException failure) {
            return giveUp(intent, "shard", failure);
        }
        if (shard < 0) {
            refuse(intent, true);
            return new ReservationOutcome.SoldOut();
        }
        Intent reserved = intent.in(RESERVED, shard);
        boolean recorded;
        try {
            recorded = items.moveIntent(orderId, FROM_TAKING, RESERVED, shard);
        } catch (RuntimeException failure) {
            return undoReservation(reserved, failure);
        }
        if (!recorded) {
            // The reconciler gave this intent up while this call stalled; it counts the taken unit back itself.
            items.uncountBuyer(sale.id(), userId, orderId, quantity);
            return new ReservationOutcome.Ended(orderId);
        }
        return new ReservationOutcome.Reserved(reserved.toReservation());
    }

    /** A retried request: its order id already has an intent, whose state is the answer. */
    private ReservationOutcome repeated(Intent attempt) {
        Intent existing = items.intent(attempt.orderId()).orElseThrow(
                () -> new IllegalStateException("intent vanished: " + attempt.orderId()));
        if (!existing.saleId().equals(attempt.saleId()) || !existing.userId().equals(attempt.userId())) {
            throw new IllegalStateException("order id reused for another sale or user");
        }
        if (existing.state() == RESERVED || existing.state() == QUEUED) {
            return new ReservationOutcome.Reserved(existing.toReservation()); // queued again: harmless, idempotent
        }
        if (existing.state().endedWithoutOrder()) {
            return new ReservationOutcome.Ended(existing.orderId());
        }
        if (existing.state() == CLAIMED || existing.state() == ORDERED) {
            return new ReservationOutcome.Pending(existing.orderId()); // its order is or will be written
        }
        // TAKING: another attempt at work or one that died half way (the reconciler gives it up); RELEASING: a
        // give-back under way. Neither may end in an order: not a 202.
        return new ReservationOutcome.InDoubt(existing.orderId());
    }

    /**
     * A step failed and may or may not have landed: take back the buyer count and give the intent up. The shard
     * take, if it landed, is counted back by the reconciler (an ABANDONED intent owns nothing).
     */
    private ReservationOutcome giveUp(Intent intent, String step, RuntimeException failure) {
        try {
            items.uncountBuyer(intent.saleId(), intent.userId(), intent.orderId(), intent.quantity());
            items.moveIntent(intent.orderId(), FROM_TAKING, ABANDONED, Intent.NO_SHARD);
        } catch (RuntimeException undoFailure) {
            events.leftForReconciler(intent.orderId(), intent.saleId(), step, failure);
            return new ReservationOutcome.InDoubt(intent.orderId());
        }
        throw failure; // nothing is held for the shopper: a 503 may say so
    }

    private void refuse(Intent intent, boolean buyerCounted) {
        try {
            if (buyerCounted) {
                items.uncountBuyer(intent.saleId(), intent.userId(), intent.orderId(), intent.quantity());
            }
            items.moveIntent(intent.orderId(), FROM_TAKING, REFUSED, Intent.NO_SHARD);
        } catch (RuntimeException undoFailure) {
            // The refusal stands (nothing was taken); the reconciler lowers the buyer count later.
            events.leftForReconciler(intent.orderId(), intent.saleId(), "refusal", undoFailure);
        }
    }

    /** The RESERVED write failed and may have landed: release as if it had. */
    private ReservationOutcome undoReservation(Intent reserved, RuntimeException failure) {
        try {
            if (giveBack.giveBack(reserved, FROM_TAKING_OR_RESERVED) != GiveBack.Outcome.GIVEN_BACK) {
                items.uncountBuyer(reserved.saleId(), reserved.userId(), reserved.orderId(), reserved.quantity());
                return new ReservationOutcome.Ended(reserved.orderId());
            }
        } catch (RuntimeException undoFailure) {
            events.leftForReconciler(reserved.orderId(), reserved.saleId(), "record", failure);
            return new ReservationOutcome.InDoubt(reserved.orderId());
        }
        events.released(reserved.toReservation(), "reservation record failed");
        throw failure;
    }

    @Override
    public boolean release(Reservation reservation) {
        // RESERVED → RELEASING is the point of no return: only one of release and claim can win it.
        GiveBack.Outcome outcome = giveBack.giveBack(Intent.of(reservation, RESERVED), FROM_RESERVED);
        if (outcome == GiveBack.Outcome.UNDER_WAY) {
            // A give-back holds it RELEASING (this path's earlier try, its put-back failed): it can never become an
            // order, so finish it; the put-back's call token makes a second one harmless.
            outcome = giveBack.giveBack(Intent.of(reservation, RELEASING), FROM_RELEASING);
        }
        return outcome == GiveBack.Outcome.GIVEN_BACK;
    }

    @Override
    public boolean keepsSends() {
        return true;
    }

    @Override
    public boolean markQueued(Reservation reservation, Instant at) {
        return items.markQueued(reservation.orderId(), at);
    }

    @Override
    public boolean claim(Reservation reservation) {
        if (items.moveIntent(reservation.orderId(), FROM_RESERVED_OR_QUEUED, CLAIMED, reservation.shard())) {
            return true;
        }
        Optional<Intent> intent = items.intent(reservation.orderId());
        return intent.isPresent() && (intent.get().state() == CLAIMED || intent.get().state() == ORDERED);
    }

    @Override
    public long remaining(Sale sale) {
        return items.remaining(sale);
    }

    @Override
    public Optional<Reservation> findReservation(String orderId) {
        return items.intent(orderId)
                .filter(intent -> intent.state().underWay())
                .map(Intent::toReservation);
    }

    @Override
    public Optional<Reservation> findEnded(String orderId) {
        return items.intent(orderId)
                .filter(intent -> intent.state().endedWithoutOrder())
                .map(Intent::toReservation);
    }

    @Override
    public List<Reservation> staleReservations(Sale sale, Instant cutoff) {
        return items.pendingIntents(sale.id()).stream()
                .filter(intent -> FROM_RESERVED_OR_QUEUED.contains(intent.state()) && intent.startedAt().isBefore(cutoff))
                .map(Intent::toReservation)
                .toList();
    }
}
