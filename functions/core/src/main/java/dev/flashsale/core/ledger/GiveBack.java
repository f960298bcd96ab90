package dev.flashsale.core.ledger;

import dev.flashsale.core.port.LedgerItems;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static dev.flashsale.core.ledger.IntentState.RELEASED;
import static dev.flashsale.core.ledger.IntentState.RELEASING;
import static dev.flashsale.core.ledger.IntentState.RETURNED;

/**
 * The one way an order id's units go back to the authoritative stock, whichever path gives them back (admission's
 * release after a failed enqueue, the reconciler's release of a stale reservation or of a rejected order's claim,
 * the expiry of an unpaid order):
 *
 * <pre>
 * owning state (RESERVED, CLAIMED, ORDERED) ──► RELEASING ──► shard put-back ──► buyer uncount ──► RELEASED
 * </pre>
 *
 * The first write is conditional on the owning states the caller may give back from: of any number of paths
 * racing on one order id, exactly one wins it, and only the winner puts the units back. A path that loses finds
 * the intent given back already ({@link Outcome#ALREADY_BACK}), being given back ({@link Outcome#UNDER_WAY}: the
 * winner is at work, or died and the reconciler closes it, counting a put-back that never landed back with the
 * books), or owning nothing ({@link Outcome#NOT_HELD}). The intent stays RELEASED, in the pending index and in
 * doubt for the books, until the reconciler has seen the put-back and closes it RETURNED.
 */
public final class GiveBack {

    /** What a give-back found. */
    public enum Outcome {
        /** This call won the move and put the units back. */
        GIVEN_BACK,
        /** An earlier give-back (this path's or another's) finished: the units are back. */
        ALREADY_BACK,
        /** Another give-back holds the intent RELEASING: it is under way, or stopped for the reconciler. */
        UNDER_WAY,
        /** No intent owns units for this order id in one of the states asked for: nothing to give back. */
        NOT_HELD
    }

    private static final Set<IntentState> FROM_RELEASING = EnumSet.of(RELEASING);

    private final LedgerItems items;

    public GiveBack(LedgerItems items) {
        this.items = items;
    }

    /** Gives back the units of the intent as known; {@code from}: the owning states this path may give back. */
    public Outcome giveBack(Intent known, Set<IntentState> from) {
        if (!items.moveIntent(known.orderId(), from, RELEASING, known.shard())) {
            return lost(known.orderId());
        }
        finish(known);
        return Outcome.GIVEN_BACK;
    }

    /** Gives back the units of an order id's intent, read strongly first. */
    public Outcome giveBack(String orderId, Set<IntentState> from) {
        Optional<Intent> intent = items.intent(orderId);
        if (intent.isEmpty()) {
            return Outcome.NOT_HELD;
        }
        if (!from.contains(intent.get().state())) {
            return outcomeOf(intent.get().state());
        }
        return giveBack(intent.get(), from);
    }

    /** Puts back what a won move holds, then closes it. */
    private void finish(Intent releasing) {
        if (releasing.shard() != Intent.NO_SHARD) {
            items.putBack(releasing.saleId(), releasing.shard(), releasing.quantity(),
                    CallTokens.giveBack(releasing.orderId()));
        }
        items.uncountBuyer(releasing.saleId(), releasing.userId(), releasing.orderId(), releasing.quantity());
        items.moveIntent(releasing.orderId(), FROM_RELEASING, RELEASED, Intent.NO_SHARD);
    }

    private Outcome lost(String orderId) {
        return items.intent(orderId).map(intent -> outcomeOf(intent.state())).orElse(Outcome.NOT_HELD);
    }

    private static Outcome outcomeOf(IntentState state) {
        if (state == RELEASED || state == RETURNED) {
            return Outcome.ALREADY_BACK;
        }
        return state == RELEASING ? Outcome.UNDER_WAY : Outcome.NOT_HELD;
    }
}
