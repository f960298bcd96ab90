package dev.flashsale.core.port;

import dev.flashsale.core.sale.Sale;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where sale definitions are kept. */
public interface SaleCatalog {

    Optional<Sale> find(String saleId);

    /** Stores the sale; answers whether it replaced an existing one. */
    boolean save(Sale sale);

    /** Every sale (the catalog is small: sales, not orders). */
    List<Sale> list();

    /**
     * How long after its end a sale still gets the reconciler's passes (releases, repairs, unpaid orders'
     * expiry, its books): past the longest payment window and ReconcileAfterMinutes, by far.
     */
    Duration RECENTLY_ENDED = Duration.ofDays(2);

    /**
     * The sales live at {@code now} or ended within {@link #RECENTLY_ENDED}, plus those not started yet: the
     * reconciler's work list, which must not grow with every sale ever made.
     */
    default List<Sale> listLiveOrRecent(Instant now) {
        Instant since = now.minus(RECENTLY_ENDED);
        return list().stream().filter(sale -> !sale.endsAt().isBefore(since)).toList();
    }
}
