package dev.flashsale.core.sale;

/**
 * How a sale's stock is spread over ledger items.
 * One DynamoDB item takes at most ~1,000 writes/s, so the shard count follows the expected admitted write rate.
 */
public final class ShardPlan {

    public static final int WRITES_PER_SHARD_PER_SECOND = 1_000;
    public static final int MAX_SHARDS = 100;
    /**
     * On the Redis path each authoritative shard item records the order ids it counted (idempotency); 5,000 ids
     * keep it well under DynamoDB's 400 KB item limit.
     */
    public static final int MAX_UNITS_PER_SHARD = 5_000;

    private ShardPlan() {
    }

    /** Shards needed for an expected rate of successful reservations per second (at least one). */
    public static int shardsFor(int expectedWritesPerSecond) {
        int needed = (expectedWritesPerSecond + WRITES_PER_SHARD_PER_SECOND - 1) / WRITES_PER_SHARD_PER_SECOND;
        return Math.max(1, Math.min(MAX_SHARDS, needed));
    }

    /** Default for a sale that names none: enough for its whole stock to be taken within a second, plus headroom. */
    public static int defaultShards(int stock) {
        return Math.max(shardsFor(Math.max(1, stock) * 2), minimumShards(stock));
    }

    public static int minimumShards(int stock) {
        return Math.max(1, (stock + MAX_UNITS_PER_SHARD - 1) / MAX_UNITS_PER_SHARD);
    }

    /** Units held by shard {@code index} when {@code units} are spread as evenly as possible over {@code shards}. */
    public static int unitsInShard(int units, int shards, int index) {
        if (index < 0 || index >= shards) {
            throw new IllegalArgumentException("shard " + index + " outside 0.." + (shards - 1));
        }
        return units / shards + (index < units % shards ? 1 : 0);
    }
}
