package dev.flashsale.core.ledger;

import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static dev.flashsale.core.ledger.IntentState.ABANDONED;
import static dev.flashsale.core.ledger.IntentState.CLAIMED;
import static dev.flashsale.core.ledger.IntentState.ORDERED;
import static dev.flashsale.core.ledger.IntentState.REFUSED;
import static dev.flashsale.core.ledger.IntentState.TAKING;

/**
 * The authoritative count when admission reserves on a cache (Redis backend): each order is counted once against
 * the authoritative shards, through the same write-ahead intent as {@link WriteAheadLedger}, without a buyer step
 * (the cache keeps buyers):
 *
 * <pre>
 * intent TAKING ──► shard take ──► CLAIMED ──► (order written; the reconciler sees it) ──► ORDERED
 *    │ no stock: REFUSED (the order is rejected)     │ a failed step: ABANDONED, counted again on redelivery
 * </pre>
 *
 * A redelivered message finds the intent: CLAIMED or ORDERED counted already, REFUSED refused already, ABANDONED
 * counts again, TAKING is another delivery at work and fails the message so it comes back later, unless it started
 * longer ago than any delivery can run: then its delivery died (a crash, a timeout) and this one takes the count
 * over, as after an abandon (a take that landed is counted back by the reconciler's books). Without that, a crash
 * mid-count would fail every redelivery until the message sat in the DLQ, and its order would never be written.
 * Shard items hold a number, never the order ids: every write stays under 1 KB.
 */
public final class CountingAuthority implements StockAuthority {

    private static final Set<IntentState> FROM_TAKING = EnumSet.of(TAKING);
    /**
     * Longer than any delivery can run: the order function's timeout (30 s in template.yaml, checked by TemplateIT)
     * and a margin for the containers' clocks.
     */
    public static final Duration DELIVERY_LIFETIME = Duration.ofSeconds(35);

    private final LedgerItems items;
    private final SaleCatalog catalog;
    private final Clock clock;

    public CountingAuthority(LedgerItems items, SaleCatalog catalog, Clock clock) {
        this.items = items;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public boolean confirm(Reservation reservation) {
        Sale sale = catalog.find(reservation.saleId())
                .orElseThrow(() -> new IllegalStateException("no sale " + reservation.saleId()));
        Intent intent = new Intent(reservation.orderId(), reservation.saleId(), reservation.userId(),
                reservation.quantity(), Intent.NO_SHARD, TAKING, clock.instant());
        boolean created;
        try {
            created = items.putIntent(intent);
        } catch (RuntimeException failure) {
            abandon(intent);
            throw failure;
        }
        if (!created) {
            Optional<Boolean> known = earlierCount(intent);
            if (known.isPresent()) {
                return known.get();
            }
        }
        int shard;
        try {
            shard = items.take(sale, reservation.quantity());
        } catch (RuntimeException failure) {
            abandon(intent);
            throw failure;
        }
        if (shard < 0) {
            items.moveIntent(intent.orderId(), FROM_TAKING, REFUSED, Intent.NO_SHARD);
            return false;
        }
        boolean counted;
        try {
            counted = items.moveIntent(intent.orderId(), FROM_TAKING, CLAIMED, shard);
        } catch (RuntimeException failure) {
            abandon(intent);
            throw failure;
        }
        if (!counted) {
            throw new IllegalStateException("count of " + intent.orderId() + " was abandoned while under way");
        }
        return true;
    }

    /** The answer of an earlier delivery, or empty when this delivery is to count (again). */
    private Optional<Boolean> earlierCount(Intent intent) {
        Intent earlier = items.intent(intent.orderId())
                .orElseThrow(() -> new IllegalStateException("intent vanished: " + intent.orderId()));
        IntentState state = earlier.state();
        if (state == CLAIMED || state == ORDERED) {
            return Optional.of(true);
        }
        if (state == REFUSED) {
            return Optional.of(false);
        }
        if (state == TAKING && earlier.startedAt().plus(DELIVERY_LIFETIME).isBefore(clock.instant())) {
            items.moveIntent(intent.orderId(), FROM_TAKING, ABANDONED, Intent.NO_SHARD); // its delivery died
            state = ABANDONED;
        }
        if (state == ABANDONED && items.restartIntent(intent.orderId(), clock.instant())) {
            return Optional.empty();
        }
        throw new IllegalStateException("order " + intent.orderId() + " is being counted by another delivery");
    }

    /** Best effort: lets the next delivery count again; a take that landed is counted back by the reconciler. */
    private void abandon(Intent intent) {
        try {
            items.moveIntent(intent.orderId(), FROM_TAKING, ABANDONED, Intent.NO_SHARD);
        } catch (RuntimeException stillFailing) {
            // Left TAKING: the reconciler abandons it once stale.
        }
    }
}
