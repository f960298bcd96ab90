package dev.flashsale.core.ledger;

import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Instant;
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
 * the buyer's per-user limit and the authoritative shards, through the same write-ahead intent and the same buyer
 * items as {@link WriteAheadLedger} (the cache's buyer count is a fast first answer; a failover that loses the
 * cache's last writes loses holds, so the limit is kept here too):
 *
 * <pre>
 * intent TAKING ──► buyer count (+order id) ──► shard take ──► CLAIMED ──► (order written, seen) ──► ORDERED
 *    │ over the limit: REFUSED (the order is rejected LIMIT_REACHED)
 *    │ no stock: buyer uncount, REFUSED (rejected STOCK_EXHAUSTED)
 *    │ a failed step: buyer uncount, ABANDONED, counted again on redelivery
 * </pre>
 *
 * A redelivered message finds the intent: CLAIMED or ORDERED counted already, REFUSED refused already, ABANDONED
 * counts again, TAKING is another delivery at work (or a crashed one) and fails the message so it comes back
 * later. A redelivery never takes a crashed count over: it cannot tell whether the dead delivery's take landed, and
 * a second take of the last unit would reject an admitted order. The reconciler settles a crashed count instead
 * ({@link dev.flashsale.core.reconcile.StrandedIntentRepair}): abandoned, and the order written by counting again,
 * with the books giving back a take that had landed. Shard items hold a number and the tokens of their last calls,
 * never the order ids: every write stays under 1 KB.
 */
public final class CountingAuthority implements StockAuthority {

    private static final Set<IntentState> FROM_TAKING = EnumSet.of(TAKING);

    private final LedgerItems items;
    private final SaleCatalog catalog;
    private final Clock clock;

    public CountingAuthority(LedgerItems items, SaleCatalog catalog, Clock clock) {
        this.items = items;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public Count confirm(Reservation reservation) {
        Sale sale = catalog.find(reservation.saleId())
                .orElseThrow(() -> new IllegalStateException("no sale " + reservation.saleId()));
        Instant attempt = clock.instant(); // names this attempt's take: a count started again takes anew
        Intent intent = new Intent(reservation.orderId(), reservation.saleId(), reservation.userId(),
                reservation.quantity(), Intent.NO_SHARD, TAKING, attempt);
        boolean created;
        try {
            created = items.putIntent(intent);
        } catch (RuntimeException failure) {
            abandon(intent);
            throw failure;
        }
        if (!created) {
            Optional<Count> known = earlierCount(intent, attempt);
            if (known.isPresent()) {
                return known.get();
            }
        }
        LedgerItems.BuyerCount buyer;
        try {
            buyer = items.countBuyer(sale, reservation.userId(), reservation.orderId(), reservation.quantity());
        } catch (RuntimeException failure) {
            abandon(intent);
            throw failure;
        }
        if (buyer == LedgerItems.BuyerCount.LIMIT_REACHED) {
            items.moveIntent(intent.orderId(), FROM_TAKING, REFUSED, Intent.NO_SHARD);
            return Count.LIMIT_REACHED;
        }
        int shard;
        try {
            shard = items.take(sale, reservation.quantity(), CallTokens.take(intent.orderId(), attempt));
        } catch (RuntimeException failure) {
            abandon(intent);
            throw failure;
        }
        if (shard < 0) {
            items.uncountBuyer(intent.saleId(), intent.userId(), intent.orderId(), intent.quantity());
            items.moveIntent(intent.orderId(), FROM_TAKING, REFUSED, Intent.NO_SHARD);
            return Count.STOCK_EXHAUSTED;
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
        return Count.COUNTED;
    }

    /**
     * The answer of an earlier delivery, or empty when this delivery is to count (again). A refusal keeps no
     * reason: one found again (its order never written, the delivery died just after) answers as the stock's.
     */
    private Optional<Count> earlierCount(Intent intent, Instant attempt) {
        IntentState state = items.intent(intent.orderId()).map(Intent::state)
                .orElseThrow(() -> new IllegalStateException("intent vanished: " + intent.orderId()));
        if (state == CLAIMED || state == ORDERED || state.givenBack()) {
            return Optional.of(Count.COUNTED); // counted once; a count given back since (an expiry) is its order's
        }
        if (state == REFUSED) {
            return Optional.of(Count.STOCK_EXHAUSTED);
        }
        if (state == ABANDONED && items.restartIntent(intent.orderId(), attempt)) {
            return Optional.empty();
        }
        throw new CountUnderWay(intent.orderId());
    }

    /**
     * Best effort: lets the next delivery count again (its buyer count too); a take that landed is counted back by
     * the reconciler, a buyer count left behind is lowered by its audit.
     */
    private void abandon(Intent intent) {
        try {
            items.uncountBuyer(intent.saleId(), intent.userId(), intent.orderId(), intent.quantity());
            items.moveIntent(intent.orderId(), FROM_TAKING, ABANDONED, Intent.NO_SHARD);
        } catch (RuntimeException stillFailing) {
            // Left TAKING: the reconciler abandons it once stale.
        }
    }
}
