package dev.flashsale.core.fakes;

import dev.flashsale.core.port.LoadCounters;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The shared load counters in memory, as the table keeps them: one sum per sale, second and shard. */
public final class InMemoryLoadCounters implements LoadCounters {

    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    /** Writes per counter item: what the store's hottest key takes. */
    public final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

    @Override
    public void add(String saleId, long epochSecond, int shard, long count) {
        String key = saleId + "#" + epochSecond + "#" + shard;
        counters.merge(key, count, Long::sum);
        writes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public Map<Long, Long> totals(String saleId, long[] epochSeconds, int shards) {
        Map<Long, Long> totals = new HashMap<>();
        for (long second : epochSeconds) {
            for (int shard = 0; shard < shards; shard++) {
                Long count = counters.get(saleId + "#" + second + "#" + shard);
                if (count != null) {
                    totals.merge(second, count, Long::sum);
                }
            }
        }
        return totals;
    }
}
