package dev.flashsale.core.purchase;

/** What the stock ledger answered to one reservation attempt. */
public sealed interface ReservationOutcome {

    record Reserved(Reservation reservation) implements ReservationOutcome {
    }

    /** No shard had the units. */
    record SoldOut() implements ReservationOutcome {
    }

    /** The user already holds the most units the sale allows. */
    record LimitReached() implements ReservationOutcome {
    }

    /** The sale is unknown to this ledger (for example a cache that lost it). */
    record UnknownSale() implements ReservationOutcome {
    }

    /**
     * The ledger lost the sale and has rebuilt it from the authority, which has not yet counted the orders admitted
     * before the loss: it takes no reservation until they are, so that their units are not offered twice.
     */
    record Restoring() implements ReservationOutcome {
    }

    /** The sale exists but is outside its window (a ledger that checks the window itself says so). */
    record NotOpen() implements ReservationOutcome {
    }

    /**
     * The order id already stands for a purchase on its way to its order or done (a retried request): the shopper
     * gets the order id to follow, and an order is or will be written for it.
     */
    record Pending(String orderId) implements ReservationOutcome {
    }

    /**
     * Whether this request holds units is not known yet: the ledger could neither finish nor undo its steps, or a
     * retry found them still under way (another attempt at work, or one that died half way). Never a 202: nothing
     * may ever write this order (the reconciler gives a half-way reservation up). The shopper retries the same
     * request, which finds the outcome once it is known.
     */
    record InDoubt(String orderId) implements ReservationOutcome {
    }

    /** The order id stands for a request that already ended without a purchase: nothing is held for it. */
    record Ended(String orderId) implements ReservationOutcome {
    }
}
