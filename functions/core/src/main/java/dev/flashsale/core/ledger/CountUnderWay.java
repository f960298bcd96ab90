package dev.flashsale.core.ledger;

/**
 * Another delivery of the same order is counting it (or died doing so, which the reconciler settles): this one
 * fails, and its message comes back later to find the count done.
 */
public final class CountUnderWay extends IllegalStateException {

    public CountUnderWay(String orderId) {
        super("order " + orderId + " is being counted by another delivery");
    }
}
