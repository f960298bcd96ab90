package dev.flashsale.core.guard;

import dev.flashsale.core.port.LoadCounters;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Whether a sale is under load, judged over every container: a Lambda container serves one request at a time,
 * so what it sees alone says little. Each container counts the sale's requests and adds its count to a shared
 * counter per second (to a shard of it picked at random, at most once per {@code flushEvery}: the writes grow
 * with the containers, not the requests); it reads the sums back at most once per {@code readEvery}. Under load
 * means the current or the last second reached {@code requestsPerSecond}.
 */
public final class SaleLoad {

    /** {@code requestsPerSecond} 0 turns the sale-wide judgement off. */
    public record Settings(long requestsPerSecond, int shards, Duration flushEvery, Duration readEvery) {
        public Settings {
            if (requestsPerSecond < 0 || shards < 1) {
                throw new IllegalArgumentException("requestsPerSecond >= 0 and shards >= 1");
            }
        }
    }

    private static final class Pending {
        long second;
        long count;
        Instant flushedAt = Instant.MIN;
    }

    private record Reading(boolean underLoad, Instant readAt) {
    }

    private final LoadCounters counters;
    private final Settings settings;
    private final RandomGenerator random;
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Reading> readings = new HashMap<>();

    /** {@code random} picks each write's shard (so containers restored from one snapshot still spread). */
    public SaleLoad(LoadCounters counters, Settings settings, RandomGenerator random) {
        this.counters = counters;
        this.settings = settings;
        this.random = random;
    }

    /** No sale-wide judgement: never under load, nothing counted. */
    public static SaleLoad off() {
        return new SaleLoad(null, new Settings(0, 1, Duration.ZERO, Duration.ZERO), null);
    }

    /** One request of the sale reached this container. */
    public void arrived(String saleId, Instant now) {
        if (settings.requestsPerSecond() == 0) {
            return;
        }
        long second = now.getEpochSecond();
        long flushSecond = -1;
        long flushCount = 0;
        long staleSecond = -1;
        long staleCount = 0;
        synchronized (this) {
            Pending mine = pending.computeIfAbsent(saleId, id -> new Pending());
            if (mine.count > 0 && mine.second != second) {
                staleSecond = mine.second; // the last second's rest goes to that second's counter
                staleCount = mine.count;
                mine.count = 0;
            }
            mine.second = second;
            mine.count++;
            if (!mine.flushedAt.plus(settings.flushEvery()).isAfter(now)) {
                flushSecond = second;
                flushCount = mine.count;
                mine.count = 0;
                mine.flushedAt = now;
            }
        }
        // Written outside the lock: the store's round trip must not hold up the container's other requests.
        if (staleCount > 0) {
            counters.add(saleId, staleSecond, random.nextInt(settings.shards()), staleCount);
        }
        if (flushCount > 0) {
            counters.add(saleId, flushSecond, random.nextInt(settings.shards()), flushCount);
        }
    }

    public boolean isUnderLoad(String saleId, Instant now) {
        if (settings.requestsPerSecond() == 0) {
            return false;
        }
        synchronized (this) {
            Reading reading = readings.get(saleId);
            if (reading != null && reading.readAt().plus(settings.readEvery()).isAfter(now)) {
                return reading.underLoad();
            }
        }
        long second = now.getEpochSecond();
        Map<Long, Long> totals = counters.totals(saleId, new long[]{second - 1, second}, settings.shards());
        boolean under = totals.getOrDefault(second - 1, 0L) >= settings.requestsPerSecond()
                || totals.getOrDefault(second, 0L) >= settings.requestsPerSecond();
        synchronized (this) {
            readings.put(saleId, new Reading(under, now));
        }
        return under;
    }
}
