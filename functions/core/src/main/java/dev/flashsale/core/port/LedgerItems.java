package dev.flashsale.core.port;

import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.sale.Sale;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The items of the authoritative stock ledger. Every write is one conditional single-item write (no
 * transactions), each tagged with the order id it serves where the step must be recognisable later, and every item
 * written stays under 1 KB. The sequences built from these steps are in {@code dev.flashsale.core.ledger}.
 */
public interface LedgerItems {

    /** Outcome of counting a buyer. */
    enum BuyerCount { COUNTED, LIMIT_REACHED }

    // ---- intents (one per order id)

    /** Writes a new intent; false when the order id already has one. */
    boolean putIntent(Intent intent);

    /** Strongly consistent read of an order's intent. */
    Optional<Intent> intent(String orderId);

    /**
     * Moves an intent to {@code to} (recording {@code shard} when it is not {@link Intent#NO_SHARD}) only while it
     * is in one of {@code from}; false when it was not. A move to a state that is not pending takes the record out
     * of the pending index.
     */
    boolean moveIntent(String orderId, Set<IntentState> from, IntentState to, int shard);

    /** Moves an intent from ABANDONED back to TAKING, as started at {@code now}; false when it was not ABANDONED. */
    boolean restartIntent(String orderId, Instant now);

    /**
     * Records that the order's message was sent at {@code at}: moves the intent from RESERVED or QUEUED to QUEUED,
     * as started at {@code at}; false when it was in neither (claimed or released meanwhile). A retry lands again.
     */
    boolean markQueued(String orderId, Instant at);

    /** Every pending intent of a sale (the sparse pending index). */
    List<Intent> pendingIntents(String saleId);

    // ---- buyers (one item per sale and user: the units held and the order ids holding them)

    /**
     * Counts the order against the buyer's limit, once: an order id already counted answers COUNTED again and
     * changes nothing.
     */
    BuyerCount countBuyer(Sale sale, String userId, String orderId, int quantity);

    /** Takes the order off the buyer's count; does nothing when it is not counted (idempotent). */
    void uncountBuyer(String saleId, String userId, String orderId, int quantity);

    /** For each buyer of a sale, the order ids counted against them. */
    Map<String, Set<String>> buyerHolds(String saleId);

    // ---- shards (the stock itself)

    /**
     * Tokens each shard item keeps of its recent takes, and as many of its recent put-backs: a write whose token
     * the item holds has landed already, so the SDK's retry of it moves nothing (the item stays under 1 KB).
     */
    int RECENT_TOKENS = 16;

    /**
     * Takes units from one shard; the shard that gave them, or -1 when none could. {@code token} names this call
     * (see {@link dev.flashsale.core.ledger.CallTokens}): an SDK retry of a take that landed answers the shard it
     * took from and takes nothing more.
     */
    int take(Sale sale, int quantity, String token);

    /**
     * Takes units from the given shard only; false when it holds fewer. Recognises its own retry as {@link #take}
     * does.
     */
    boolean takeFrom(String saleId, int shard, int quantity, String token);

    /**
     * Adds units to a shard, once per {@code token}: an SDK retry of a put-back that landed adds nothing. Which
     * calls run is the sequences' to decide (one give-back per order id), the reconciler's count checks it.
     */
    void putBack(String saleId, int shard, int quantity, String token);

    /** The units on each of the first {@code shards} shards of a sale, read strongly consistent. */
    int[] remainingByShard(String saleId, int shards);

    /** Units on the shards, read strongly consistent. */
    long remaining(Sale sale);

    /**
     * The sale's shards read strongly consistent, as {@link #remaining} reads them, with a mark of what they hold
     * (units and the call tokens of their recent takes and put-backs): every take and put-back that lands changes
     * its shard's tokens, so two equal marks say that no unit moved on the sale's shards between the two reads.
     */
    ShardReading readShards(Sale sale);

    /** The units on a sale's shards and the mark of their items ({@link #readShards}). */
    record ShardReading(long remaining, String mark) {
    }

    /**
     * Sets the shards to hold {@code available} units in all: for a sale nobody buys from yet (a new sale, or a
     * cache's authority filled before the cache opens). A live sale's stock changes by a delta instead
     * ({@link dev.flashsale.core.ledger.StockChange}).
     */
    void fill(Sale sale, int available);

    /** True when this container has just seen every shard of the sale empty: a refusal that costs no write. */
    default boolean knownEmpty(Sale sale) {
        return false;
    }
}
