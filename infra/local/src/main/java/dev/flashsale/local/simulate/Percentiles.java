package dev.flashsale.local.simulate;

import java.util.Arrays;
import java.util.Collection;

/** The shoppers' purchase latencies, recorded in nanoseconds, read as milliseconds by nearest rank. */
final class Percentiles {

    private final long[] sorted;

    Percentiles(Collection<Long> nanos) {
        this.sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
    }

    /** The latency at or below which {@code p} (0..1) of the requests answered; 0 without any. */
    double millis(double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    double maxMillis() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
    }
}
