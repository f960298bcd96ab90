package dev.flashsale.core.ledger;

import java.time.Instant;

/**
 * The names of the shard writes, one per logical call: the SDK resends a write unchanged, so its retry carries the
 * same token and the shard item, which keeps its recent tokens, recognises a write that has landed already. A
 * token names the order id and the kind of movement; where one order id may move units more than once (a count
 * started again after it was abandoned, an audit's or an operator's change), it names the attempt too, so two
 * real movements never share a token. Tokens are built from what the caller knows, never drawn at random: the
 * simulation replays them exactly.
 */
public final class CallTokens {

    private CallTokens() {
    }

    /** The take of an order id's attempt started at {@code startedAt} (a restarted count is a new attempt). */
    public static String take(String orderId, Instant startedAt) {
        return "take:" + orderId + ":" + startedAt.toEpochMilli();
    }

    /** The put-back of an order id's units: one per order id, the give-back's move to RELEASING is won once. */
    public static String giveBack(String orderId) {
        return "back:" + orderId;
    }

    /** An audit's return of orphans to a shard, named by what the audit read: a later audit reads differently. */
    public static String orphans(String saleId, int shard, Instant at, long remainingRead, long units) {
        return "orphans:" + saleId + ":" + shard + ":" + at.toEpochMilli() + ":" + remainingRead + ":" + units;
    }

    /** An operator's change of a live sale's stock on one shard, named by the change and the shard as read. */
    public static String stockChange(String saleId, int shard, int oldStock, int newStock, int seen) {
        return "change:" + saleId + ":" + shard + ":" + oldStock + ">" + newStock + ":" + seen;
    }
}
