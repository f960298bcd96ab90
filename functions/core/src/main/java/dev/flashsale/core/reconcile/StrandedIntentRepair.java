package dev.flashsale.core.reconcile;

import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Moves on the intents whose writer stopped half way (a crash, a timeout, a failed undo): every pending intent
 * older than the cutoff, whose writer is surely gone (the cutoff is minutes, a function times out in seconds).
 * <ul>
 *   <li>TAKING: the buyer count is lowered (only if it holds this order id) and the intent ABANDONED; a shard take
 *       that may have landed is counted back by {@link LedgerAudit}.</li>
 *   <li>RELEASING: the buyer count is lowered and the release closed; a put-back that may not have landed is
 *       counted back by {@link LedgerAudit}.</li>
 *   <li>RELEASED: closed (RETURNED) once stale: its put-back is long visible to the books.</li>
 *   <li>CLAIMED: the order is written if it is missing (the unit goes on to its order), the claim settled if it is
 *       there, and the units released if that order was rejected.</li>
 * </ul>
 * RESERVED intents are the stale reservations {@code Reconciliation} releases. Every move is conditional on the
 * state it found: a second run finds nothing to do.
 */
public final class StrandedIntentRepair {

    private final LedgerItems items;
    private final OrderStore orders;
    private final OrderWriter writer;
    private final Clock clock;

    public StrandedIntentRepair(LedgerItems items, OrderStore orders, OrderWriter writer, Clock clock) {
        this.items = items;
        this.orders = orders;
        this.writer = writer;
        this.clock = clock;
    }

    public List<Repair> repair(Sale sale, java.time.Instant cutoff) {
        List<Repair> repairs = new ArrayList<>();
        for (Intent intent : items.pendingIntents(sale.id())) {
            if (!intent.startedAt().isBefore(cutoff)) {
                continue;
            }
            switch (intent.state()) {
                case TAKING -> abandon(intent, repairs);
                case RELEASING -> finishRelease(intent, repairs);
                case CLAIMED -> orderClaim(intent, repairs);
                case RELEASED -> items.moveIntent(intent.orderId(), EnumSet.of(IntentState.RELEASED),
                        IntentState.RETURNED, Intent.NO_SHARD); // bookkeeping: the put-back is long visible

                default -> {
                }
            }
        }
        return repairs;
    }

    private void abandon(Intent intent, List<Repair> repairs) {
        items.uncountBuyer(intent.saleId(), intent.userId(), intent.orderId(), intent.quantity());
        if (items.moveIntent(intent.orderId(), EnumSet.of(IntentState.TAKING), IntentState.ABANDONED, Intent.NO_SHARD)) {
            repairs.add(repair(RepairKind.INTENT_ABANDONED, intent, 0,
                    "its writer stopped before the reservation was recorded; buyer count lowered"));
        }
    }

    private void finishRelease(Intent intent, List<Repair> repairs) {
        items.uncountBuyer(intent.saleId(), intent.userId(), intent.orderId(), intent.quantity());
        // RETURNED at once: its writer is long gone, so a put-back that landed is visible to the books that follow.
        if (items.moveIntent(intent.orderId(), EnumSet.of(IntentState.RELEASING), IntentState.RETURNED,
                Intent.NO_SHARD)) {
            repairs.add(repair(RepairKind.RELEASE_FINISHED, intent, 0,
                    "a release stopped half way; buyer count lowered, the unit is counted back with the books"));
        }
    }

    private void orderClaim(Intent intent, List<Repair> repairs) {
        Optional<Order> order = orders.find(intent.orderId());
        if (order.isEmpty()) {
            Order written = writer.write(intent.toReservation());
            repairs.add(repair(RepairKind.CLAIM_ORDERED, intent, intent.quantity(),
                    "claimed but never written; order written " + written.status()));
            order = Optional.of(written);
        }
        if (SoldUnits.keepsUnits(order.get())) {
            // Bookkeeping, not a repair: the order is written and now seen, the record leaves the pending index.
            items.moveIntent(intent.orderId(), EnumSet.of(IntentState.CLAIMED), IntentState.ORDERED, Intent.NO_SHARD);
        } else if (items.moveIntent(intent.orderId(), EnumSet.of(IntentState.CLAIMED), IntentState.RELEASING,
                intent.shard())) {
            items.putBack(intent.saleId(), intent.shard(), intent.quantity());
            items.uncountBuyer(intent.saleId(), intent.userId(), intent.orderId(), intent.quantity());
            items.moveIntent(intent.orderId(), EnumSet.of(IntentState.RELEASING), IntentState.RELEASED,
                    Intent.NO_SHARD);
            repairs.add(repair(RepairKind.STALE_RESERVATION_RELEASED, intent, intent.quantity(),
                    "claimed units of an order that ended " + order.get().status()));
        }
    }

    /** Claims on a cache ledger (Redis) that never got their order: the order is written now. */
    public List<Repair> orderClaims(Sale sale, List<Reservation> claims) {
        if (claims.isEmpty()) {
            return List.of();
        }
        Map<String, Order> written = orders.listBySale(sale.id()).stream()
                .collect(Collectors.toMap(Order::orderId, Function.identity(), (a, b) -> a));
        List<Repair> repairs = new ArrayList<>();
        for (Reservation claim : claims) {
            if (!written.containsKey(claim.orderId()) && orders.find(claim.orderId()).isEmpty()) {
                Order order = writer.write(claim);
                repairs.add(new Repair(RepairKind.CLAIM_ORDERED, claim.saleId(), claim.orderId(), claim.quantity(),
                        "claimed on the cache but never written; order written " + order.status(), clock.instant()));
            }
        }
        return repairs;
    }

    private Repair repair(RepairKind what, Intent intent, int units, String why) {
        return new Repair(what, intent.saleId(), intent.orderId(), units, why, clock.instant());
    }
}
