package dev.flashsale.core.purchase;

import dev.flashsale.core.order.OrderIds;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Admission.Admitted;
import dev.flashsale.core.purchase.Admission.Refused;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The admission decision: checks the request and the sale window, reserves stock atomically, and hands the
 * winner's reservation to the order queue. It never waits for the order to be written.
 */
public final class PurchaseAdmission {

    private final SaleCatalog sales;
    private final StockLedger ledger;
    private final OrderQueue queue;
    private final SoldOutMemory soldOut;
    private final Clock clock;
    private final Consumer<Reservation> strandedReservations;
    private final Consumer<Sale> strandedSales;

    /**
     * @param strandedReservations told of a reservation that could be neither enqueued nor released, so that an
     *                             operator or the reconciler repairs it; it keeps its units until then
     * @param strandedSales        told of a sale the catalog holds but the ledger has lost (a flushed cache)
     */
    public PurchaseAdmission(SaleCatalog sales, StockLedger ledger, OrderQueue queue, SoldOutMemory soldOut,
                             Clock clock, Consumer<Reservation> strandedReservations, Consumer<Sale> strandedSales) {
        this.sales = sales;
        this.ledger = ledger;
        this.queue = queue;
        this.soldOut = soldOut;
        this.clock = clock;
        this.strandedReservations = strandedReservations;
        this.strandedSales = strandedSales;
    }

    public Admission purchase(String saleId, PurchaseRequest request) {
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
            return new Refused(Refusal.SALE_NOT_OPEN, now.isBefore(sale.startsAt())
                    ? "The sale opens at " + sale.startsAt() + "."
                    : "The sale ended at " + sale.endsAt() + ".");
        }
        if (soldOut.isSoldOut(saleId, now)) {
            return new Refused(Refusal.SOLD_OUT);
        }
        ReservationOutcome outcome = ledger.reserve(sale, request.userId(), request.quantity(), OrderIds.next(), now);
        // Java 17: no pattern matching in switch yet, so the sealed outcomes are tested in turn.
        if (outcome instanceof ReservationOutcome.Reserved reserved) {
            return enqueue(reserved.reservation());
        }
        if (outcome instanceof ReservationOutcome.SoldOut) {
            soldOut.remember(saleId, now);
            return new Refused(Refusal.SOLD_OUT);
        }
        if (outcome instanceof ReservationOutcome.LimitReached) {
            return new Refused(Refusal.ALREADY_PURCHASED);
        }
        if (outcome instanceof ReservationOutcome.NotOpen) {
            return new Refused(Refusal.SALE_NOT_OPEN);
        }
        // The catalog knows the sale but the ledger does not: a stock cache lost it and must be rebuilt.
        strandedSales.accept(sale);
        return new Refused(Refusal.UNAVAILABLE, "The sale's stock is being restored; try again shortly.");
    }

    private Admission enqueue(Reservation reservation) {
        try {
            queue.enqueue(reservation);
            return new Admitted(reservation.orderId());
        } catch (RuntimeException enqueueFailure) {
            giveBack(reservation);
            return new Refused(Refusal.UNAVAILABLE, "The order could not be queued; nothing was charged, try again.");
        }
    }

    private void giveBack(Reservation reservation) {
        try {
            if (ledger.release(reservation)) {
                soldOut.forget(reservation.saleId());
            }
        } catch (RuntimeException releaseFailure) {
            strandedReservations.accept(reservation);
        }
    }
}
