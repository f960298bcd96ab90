package dev.flashsale.core.reconcile;

import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Instant;
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
 *   <li>CLAIMED: the order is written if it is missing (the unit goes on to its order), the claim settled
 *       (ORDERED) once the order's units are final (paid, or confirmed without a payment window), and the units
 *       given back ({@link GiveBack}) if that order was rejected. An order awaiting payment keeps its claim, and an
 *       expired one is the expiry's to give back, through the same claim: never this repair's, so an unpaid unit
 *       comes back once, whatever the payment window and the cutoff.</li>
 * </ul>
 * RESERVED intents are the stale reservations {@code Reconciliation} releases. Every move is conditional on the
 * state it found: a second run finds nothing to do.
 * <p>
 * On the Redis backend the intents are the order writer's counts ({@link Intents#ORDER_COUNTS}): a TAKING one is
 * an order that was admitted (its shopper had a 202) whose count died half way, and whose message has since left
 * for the DLQ (the cutoff is longer than the queue's receives). It is abandoned, and once the books have given back
 * a take that had landed, counted again and its order written ({@link #recount}): nothing else would ever write it
 * when the cache lost its claim too.
 */
public final class StrandedIntentRepair {

    /** What the ledger items' intents stand for: an admission's reservations, or the order writer's counts. */
    public enum Intents { RESERVATIONS, ORDER_COUNTS }

    /**
     * One pass's repairs, the abandoned counts whose orders are to be counted again after the books, and the
     * intents whose repair failed (a throttle, a count under way): each failed alone, the others were repaired.
     */
    public record Result(List<Repair> repairs, List<Intent> toRecount, List<RuntimeException> failures) {
    }

    private final Intents kind;
    private final LedgerItems items;
    private final GiveBack giveBack;
    private final OrderStore orders;
    private final OrderWriter writer;
    private final Clock clock;

    public StrandedIntentRepair(Intents kind, LedgerItems items, OrderStore orders, OrderWriter writer, Clock clock) {
        this.kind = kind;
        this.items = items;
        this.giveBack = new GiveBack(items);
        this.orders = orders;
        this.writer = writer;
        this.clock = clock;
    }

    public Result repair(Sale sale, Instant cutoff) {
        List<Repair> repairs = new ArrayList<>();
        List<Intent> toRecount = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (Intent intent : items.pendingIntents(sale.id())) {
            if (!intent.startedAt().isBefore(cutoff)) {
                continue;
            }
            try {
                repairOne(intent, repairs, toRecount);
            } catch (RuntimeException failure) {
                failures.add(failure); // this intent's repair is tried again next pass; the others go on now
            }
        }
        return new Result(repairs, toRecount, failures);
    }

    private void repairOne(Intent intent, List<Repair> repairs, List<Intent> toRecount) {
        switch (intent.state()) {
            case TAKING -> {
                if (kind == Intents.ORDER_COUNTS) {
                    abandonCount(intent, repairs, toRecount);
                } else {
                    abandon(intent, repairs);
                }
            }
            case RELEASING -> finishRelease(intent, repairs);
            case CLAIMED -> orderClaim(intent, repairs);
            case RELEASED -> items.moveIntent(intent.orderId(), EnumSet.of(IntentState.RELEASED),
                    IntentState.RETURNED, Intent.NO_SHARD); // bookkeeping: the put-back is long visible

            default -> {
            }
        }
    }

    private void abandonCount(Intent intent, List<Repair> repairs, List<Intent> toRecount) {
        items.uncountBuyer(intent.saleId(), intent.userId(), intent.orderId(), intent.quantity()); // counted again
        if (items.moveIntent(intent.orderId(), EnumSet.of(IntentState.TAKING), IntentState.ABANDONED, Intent.NO_SHARD)) {
            repairs.add(repair(RepairKind.INTENT_ABANDONED, intent, 0,
                    "its order's count stopped half way; counted again once the books are settled"));
            toRecount.add(intent);
        }
    }

    /**
     * The abandoned counts' orders, counted again now that the books have given back any take that had landed (so
     * that an order of the sale's last unit is not refused its own unit). An order written meanwhile (a redriven
     * message) is left as it is.
     */
    /**
     * The abandoned counts whose take may be among orphans the books have seen but not returned yet: back to
     * TAKING as they were (stale), so that the next pass abandons them again and counts them once it has returned
     * what it saw lost. One written meanwhile (a redriven message restarted it) is left as it is.
     */
    public List<Repair> strandAgain(List<Intent> abandoned) {
        for (Intent intent : abandoned) {
            items.restartIntent(intent.orderId(), intent.startedAt());
        }
        return List.of();
    }

    public List<Repair> recount(List<Intent> abandoned) {
        List<Repair> repairs = new ArrayList<>();
        for (Intent intent : abandoned) {
            if (orders.find(intent.orderId()).isEmpty()) {
                Order written = writer.write(intent.toReservation());
                repairs.add(repair(RepairKind.COUNT_ORDERED, intent, intent.quantity(),
                        "its count had died half way; counted again, order written " + written.status()));
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
        OrderStatus status = order.get().status();
        if (status == OrderStatus.PAID || status == OrderStatus.CONFIRMED && !order.get().awaitsPayment()) {
            // Bookkeeping, not a repair: the order is written and seen, its units final; the record leaves the
            // pending index.
            items.moveIntent(intent.orderId(), EnumSet.of(IntentState.CLAIMED), IntentState.ORDERED, Intent.NO_SHARD);
        } else if (status == OrderStatus.REJECTED
                && giveBack.giveBack(intent, EnumSet.of(IntentState.CLAIMED)) == GiveBack.Outcome.GIVEN_BACK) {
            repairs.add(repair(RepairKind.STALE_RESERVATION_RELEASED, intent, intent.quantity(),
                    "claimed units of an order that ended " + status));
        }
        // Awaiting payment: the claim stays, owning the unit, until the payment or the expiry decides. EXPIRED: the
        // expiry gives the unit back through this same claim (it finds every expired order until it has).
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
