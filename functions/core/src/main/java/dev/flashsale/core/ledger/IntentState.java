package dev.flashsale.core.ledger;

/**
 * The states of an order's intent record on the authoritative ledger (see {@link WriteAheadLedger} for the
 * transitions). Each state says whether the record owns its units, owns none, or may own them (a step whose outcome
 * is not known yet); only the last kind needs the reconciler's count to decide.
 */
public enum IntentState {
    /** Written first. The buyer count and the shard take may or may not have happened. */
    TAKING(Ownership.MAYBE, true),
    /** Owns its units; the buyer holds the order id. Waiting for the order function (DynamoDB backend). */
    RESERVED(Ownership.YES, true),
    /**
     * Owns its units, and the reconciler has sent its message again (a RESERVED one gone stale: its message may
     * wait in the queue, be in the DLQ, or never have been sent). Waiting for the order function, however long the
     * message waits: never released for its age, sent again at most once per cutoff (the order function is
     * idempotent on the order id). {@code startedAt} is the last re-send.
     */
    QUEUED(Ownership.YES, true),
    /**
     * Owns its units; the order is being written. Stays in the pending index after the order is written, until the
     * reconciler has seen the order (the order listing may lag) and the order's units are final (paid, or confirmed
     * in a sale without a payment window), then moves it to ORDERED. An order awaiting payment keeps its claim: if
     * it expires, this record still owns the unit (held, being returned) until its give-back wins it.
     */
    CLAIMED(Ownership.YES, true),
    /**
     * Giving the units back (a release, a repair or an expiry: {@link GiveBack}, the one path that wins this move
     * does it): the shard put-back may or may not have happened.
     */
    RELEASING(Ownership.MAYBE, true),
    /**
     * Units back on sale, buyer count lowered. Stays in the pending index, in doubt for the books, until the
     * reconciler moves it to RETURNED: a reading of the shards taken just before the put-back must not see the unit
     * as lost.
     */
    RELEASED(Ownership.MAYBE, true),
    /** The order is written and seen, its units final (paid, or no payment window): they belong to the order. */
    ORDERED(Ownership.NO, false),
    /** A release the books have seen. */
    RETURNED(Ownership.NO, false),
    /** Given up after a failure: owns nothing; a take that may have landed is returned by the reconciler's count. */
    ABANDONED(Ownership.NO, false),
    /** Refused (sold out, limit reached, stock exhausted): never took a unit. */
    REFUSED(Ownership.NO, false);

    /** Whether a record in this state holds its units. */
    public enum Ownership { YES, NO, MAYBE }

    private final Ownership ownership;
    private final boolean pending;

    IntentState(Ownership ownership, boolean pending) {
        this.ownership = ownership;
        this.pending = pending;
    }

    public Ownership ownership() {
        return ownership;
    }

    /** Pending records are in the ledger's per-sale pending index, where the reconciler finds them. */
    public boolean pending() {
        return pending;
    }

    /** The request that made this record ended without a purchase. */
    public boolean endedWithoutOrder() {
        return this == RELEASED || this == RETURNED || this == ABANDONED || this == REFUSED;
    }

    /** A give-back ({@link GiveBack}) won this record: its units are going or gone back to stock. */
    public boolean givenBack() {
        return this == RELEASING || this == RELEASED || this == RETURNED;
    }

    /** The purchase is still on its way to an order or back to stock. */
    public boolean underWay() {
        return this == TAKING || this == RESERVED || this == QUEUED || this == CLAIMED || this == RELEASING;
    }
}
