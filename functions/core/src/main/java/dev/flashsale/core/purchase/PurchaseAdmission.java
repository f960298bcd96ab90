package dev.flashsale.core.purchase;

import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Admission.Admitted;
import dev.flashsale.core.decision.Admission.Refused;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.decision.RetryAfter;
import dev.flashsale.core.guard.AdmissionGuard;
import dev.flashsale.core.guard.JitterGate;
import dev.flashsale.core.guard.LoadShedder;
import dev.flashsale.core.port.AdmissionEvents;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The admission decision. Cheapest answers first, and nothing touches stock until the request has passed them
 * all: the request's shape, the sale and its window, the account's eligibility, the blocklist, the shopper's own
 * start moment (jitter), the sold-out memory, the container's load, the rate limits, the challenge. Then one
 * atomic reservation, and the winner's reservation goes to the order queue. It never waits for the order to be written.
 */
public final class PurchaseAdmission {

    /** The checks before stock: bot protection, each shopper's own start (jitter), the container's load. */
    public record Checks(AdmissionGuard guard, JitterGate jitter, LoadShedder shedder) {
    }

    /**
     * What admission tells the outside: an event per request, and the rare outcomes: a reservation given back
     * after a failed enqueue, one that could not be given back (stranded), a sale the ledger lost (to rebuild), a
     * sale the ledger is restoring (to reopen once it may).
     */
    public record Hooks(AdmissionEvents events, Consumer<Reservation> released,
                        Consumer<Reservation> strandedReservations, Consumer<Sale> strandedSales,
                        Consumer<Sale> restoringSales) {
    }

    /** Tries of a give-back: each may wait the store's timeout, well inside the function's. */
    private static final int GIVE_BACK_ATTEMPTS = 3;

    private final SaleCatalog sales;
    private final StockLedger ledger;
    private final OrderQueue queue;
    private final SoldOutMemory soldOut;
    private final Clock clock;
    private final RequestOrderIds orderIds;
    private final Checks checks;
    private final Hooks hooks;

    public PurchaseAdmission(SaleCatalog sales, StockLedger ledger, OrderQueue queue, SoldOutMemory soldOut,
                             Clock clock, RequestOrderIds orderIds, Checks checks, Hooks hooks) {
        this.sales = sales;
        this.ledger = ledger;
        this.queue = queue;
        this.soldOut = soldOut;
        this.clock = clock;
        this.orderIds = orderIds;
        this.checks = checks;
        this.hooks = hooks;
    }

    public Admission purchase(String saleId, PurchaseRequest request) {
        Admission result = decide(saleId, request);
        if (result instanceof Refused refused) {
            hooks.events().refused(refused.refusal(), saleId, request.userId(), request.clientAddress());
        } else {
            hooks.events().admitted(saleId);
        }
        return result;
    }

    private Admission decide(String saleId, PurchaseRequest request) {
        Optional<String> problem = request.problem();
        if (problem.isPresent()) {
            return new Refused(Refusal.INVALID_REQUEST, problem.get());
        }
        Instant now = clock.instant();
        Optional<Sale> found = sales.find(saleId);
        if (found.isEmpty()) {
            return new Refused(Refusal.SALE_NOT_FOUND);
        }
        Sale sale = found.get();
        if (!sale.isOpenAt(now)) {
            return now.isBefore(sale.startsAt())
                    ? new Refused(Refusal.SALE_NOT_OPEN, "The sale opens at " + sale.startsAt() + ".",
                            RetryAfter.secondsUntil(now, sale.startsAt()))
                    : new Refused(Refusal.SALE_NOT_OPEN, "The sale ended at " + sale.endsAt() + ".");
        }
        // The account's age and email, as its verified token tells them: no store is asked.
        Optional<Refused> refused = sale.protection().eligibility().refusal(request.account());
        if (refused.isPresent()) {
            return refused.get();
        }
        AdmissionGuard guard = checks.guard();
        guard.arrived(sale, now);
        refused = guard.blocked(request.userId(), request.clientAddress());
        if (refused.isPresent()) {
            return refused.get();
        }
        Instant yourTurn = checks.jitter().buyableAt(sale, request.userId());
        if (now.isBefore(yourTurn)) {
            return new Refused(Refusal.SALE_NOT_OPEN, "Your turn to buy starts at " + yourTurn + ".",
                    RetryAfter.secondsUntil(now, yourTurn));
        }
        if (soldOut.isSoldOut(saleId, now)) {
            return new Refused(Refusal.SOLD_OUT);
        }
        if (!checks.shedder().tryStart()) {
            return new Refused(Refusal.OVERLOADED, Refusal.OVERLOADED.defaultMessage(), 1);
        }
        try {
            return guardedReservation(sale, request, now);
        } finally {
            checks.shedder().finish();
        }
    }

    private Admission guardedReservation(Sale sale, PurchaseRequest request, Instant now) {
        AdmissionGuard guard = checks.guard();
        // Counted when the request reached the gateway: a burst that waited for containers (cold starts, a busy
        // pool) is still a burst, and is not let through because it was processed spread out.
        Instant sentAt = request.arrivedAt() == null || request.arrivedAt().isAfter(now) ? now : request.arrivedAt();
        Optional<Refused> refused = guard.rateLimited(sale, request.userId(), request.clientAddress(), sentAt);
        if (refused.isEmpty()) {
            refused = guard.challengeFailed(sale, request.userId(), request.challenge(), sentAt, now,
                    checks.jitter().buyableAt(sale, request.userId()));
        }
        if (refused.isPresent()) {
            guard.botSignal(request.userId(), request.clientAddress(), refused.get().refusal(), now);
            return refused.get();
        }
        long started = checks.shedder().nanoTime();
        String orderId = orderIds.orderIdFor(sale.id(), request.userId(), request.requestId());
        ReservationOutcome outcome = ledger.reserve(sale, request.userId(), request.quantity(), orderId, now);
        long perRoundTrip = (checks.shedder().nanoTime() - started) / Math.max(1, ledger.roundTripsPerReservation());
        checks.shedder().recordDownstream(perRoundTrip);
        // Java 17: no pattern matching in switch yet, so the sealed outcomes are tested in turn.
        if (outcome instanceof ReservationOutcome.Reserved reserved) {
            return enqueue(reserved.reservation());
        }
        if (outcome instanceof ReservationOutcome.SoldOut) {
            soldOut.remember(sale.id(), now);
            return new Refused(Refusal.SOLD_OUT);
        }
        if (outcome instanceof ReservationOutcome.LimitReached) {
            return new Refused(Refusal.ALREADY_PURCHASED);
        }
        if (outcome instanceof ReservationOutcome.NotOpen) {
            return new Refused(Refusal.SALE_NOT_OPEN);
        }
        if (outcome instanceof ReservationOutcome.Pending pending) {
            // Units may be held: the shopper follows the order, whose outcome the order function or the
            // reconciler settles. Never "nothing was taken" here.
            return new Admitted(pending.orderId());
        }
        if (outcome instanceof ReservationOutcome.InDoubt) {
            // Units may be held, but nothing may ever write this order: no order id to follow (a 202 must end in an
            // order). The same request, retried, finds the outcome once the ledger knows it.
            return new Refused(Refusal.UNAVAILABLE, "This purchase could not be completed yet; retry with the same"
                    + " requestId to continue it.", 2);
        }
        if (outcome instanceof ReservationOutcome.Ended) {
            return new Refused(Refusal.UNAVAILABLE, "This request already ended without a purchase; nothing is held."
                    + " Try again with a new requestId.", 1);
        }
        boolean restoring = outcome instanceof ReservationOutcome.Restoring;
        if (restoring) {
            // The ledger holds the sale closed until the orders admitted before its loss are counted.
            hooks.restoringSales().accept(sale);
        } else {
            // The catalog knows the sale but the ledger does not: a stock cache lost it and must be rebuilt.
            hooks.strandedSales().accept(sale);
        }
        return new Refused(Refusal.UNAVAILABLE, "The sale's stock is being restored; nothing was taken, try again"
                + " shortly.", restoring ? 2 : 5);
    }

    private Admission enqueue(Reservation reservation) {
        try {
            // No write after the send: however long the message waits, a stale reservation is sent again by the
            // reconciler, never released (issue 20, F10), so the hot path need not record that the send landed.
            queue.enqueue(reservation);
        } catch (RuntimeException enqueueFailure) {
            return giveBack(reservation);
        }
        return new Admitted(reservation.orderId());
    }

    /**
     * The enqueue failed: give the units back. Only when that worked is "nothing was taken" true. A release that
     * finds the reservation claimed means the message did get through. A release that fails is tried again (a
     * store restarting answers within seconds); one that still fails leaves the units held, or half given back.
     * The shopper is then told to retry the same request, which answers from the reservation's own state: held
     * (its message is sent again), given back (nothing was taken) or under way (in doubt).
     */
    private Admission giveBack(Reservation reservation) {
        for (int attempt = 1; attempt <= GIVE_BACK_ATTEMPTS; attempt++) {
            try {
                // A retry that finds nothing to release may follow a try that did release, its answer lost: the
                // reservation's ended record tells that apart from a claim (the message got through after all).
                if (ledger.release(reservation)
                        || attempt > 1 && ledger.findEnded(reservation.orderId()).isPresent()) {
                    soldOut.forget(reservation.saleId());
                    hooks.released().accept(reservation);
                    return new Refused(Refusal.UNAVAILABLE,
                            "The order could not be queued; nothing was taken, try again.", 1);
                }
                return new Admitted(reservation.orderId());
            } catch (RuntimeException releaseFailure) {
                // tried again below: a store restarting answers within seconds
            }
        }
        hooks.strandedReservations().accept(reservation);
        // Not a 202, even on a durable ledger: a try that failed may have begun the give-back (RELEASING), which
        // never ends in an order. The same requestId reads the reservation's state and answers from it.
        return new Refused(Refusal.UNAVAILABLE, "The order could not be queued and the stock store did not answer;"
                + " retry with the same requestId to continue this purchase.", 2);
    }
}
