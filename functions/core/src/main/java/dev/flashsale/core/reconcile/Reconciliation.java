package dev.flashsale.core.reconcile;

import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Repairs what the split between reservation and order leaves behind. A reservation still {@code RESERVED} long
 * after it was made was never turned into an order: its enqueue failed and so did the release (admission told
 * the shopper nothing was taken), or its message went to the dead-letter queue. Once past the time SQS takes
 * to exhaust a message's receives, its units are released back to the sale. Should the message be redriven from
 * the DLQ later, the order writer finds the reservation released and rejects the order: never a unit twice.
 */
public final class Reconciliation {

    /** What one run did. */
    public record Report(int sales, int released) {
    }

    private final SaleCatalog sales;
    private final StockLedger ledger;
    private final Clock clock;
    private final Duration staleAfter;
    private final Consumer<Reservation> onRelease;

    public Reconciliation(SaleCatalog sales, StockLedger ledger, Clock clock, Duration staleAfter,
                          Consumer<Reservation> onRelease) {
        this.sales = sales;
        this.ledger = ledger;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.onRelease = onRelease;
    }

    public Report run() {
        Instant cutoff = clock.instant().minus(staleAfter);
        int released = 0;
        int saleCount = 0;
        for (Sale sale : sales.list()) {
            saleCount++;
            for (Reservation stale : ledger.staleReservations(sale, cutoff)) {
                if (ledger.release(stale)) {
                    released++;
                    onRelease.accept(stale);
                }
            }
        }
        return new Report(saleCount, released);
    }
}
