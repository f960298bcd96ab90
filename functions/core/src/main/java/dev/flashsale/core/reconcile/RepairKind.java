package dev.flashsale.core.reconcile;

/** What a repair did; each is one audit record, one log line and one metric. */
public enum RepairKind {
    /** A reservation never turned into an order went back to stock. */
    STALE_RESERVATION_RELEASED,
    /** A reservation neither ordered nor released long after its last send: its message was sent again. */
    STALE_RESERVATION_RESENT,
    /** An intent whose writer stopped half way was given up; its buyer count was lowered. */
    INTENT_ABANDONED,
    /** A release that stopped half way was finished. */
    RELEASE_FINISHED,
    /** A claimed reservation without an order got its order. */
    CLAIM_ORDERED,
    /** Units gone from the shards that no record or order accounts for went back to stock. */
    ORPHAN_UNITS_RETURNED,
    /** A buyer count held an order id with no live order: lowered. */
    BUYER_HOLD_REMOVED,
    /** The cache (Redis) offered fewer units than the authority can still sell: given the difference. */
    COPY_TOPPED_UP,
    /** An order's count (Redis backend) died half way and its message left for the DLQ: counted again, written. */
    COUNT_ORDERED,
    /** The cache (Redis) had lost the sale: rebuilt from the authority, closed until the queue is drained. */
    COPY_REBUILT,
    /** A rebuilt sale reopened: the orders admitted before the loss are all counted, the copy rebuilt again. */
    COPY_REOPENED
}
