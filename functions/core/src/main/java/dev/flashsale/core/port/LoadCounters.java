package dev.flashsale.core.port;

import java.util.Map;

/**
 * Per sale and second, how many requests every container together has seen: a counter split into shards (each
 * write goes to one), so no single item takes the sale's whole request rate.
 */
public interface LoadCounters {

    /** Adds {@code count} to the shard {@code shard} of the sale's counter for {@code epochSecond}. */
    void add(String saleId, long epochSecond, int shard, long count);

    /** The sums over all {@code shards} of the sale's counters for each of {@code epochSeconds} (0 when none). */
    Map<Long, Long> totals(String saleId, long[] epochSeconds, int shards);
}
