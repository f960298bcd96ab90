package dev.flashsale.local.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of recorded latencies, in milliseconds (the histograms record microseconds). */
public record Latency(long count, double meanMs, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

    /** A histogram of microseconds up to one hour, three significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    public static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), micros.getMean() / 1000.0,
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                micros.getValueAtPercentile(99.9) / 1000.0, micros.getMaxValue() / 1000.0);
    }

    public String brief() {
        return String.format(java.util.Locale.ROOT, "p50 %s / p99 %s / p999 %s ms (n=%d)",
                BenchTable.number(p50Ms), BenchTable.number(p99Ms), BenchTable.number(p999Ms), count);
    }
}
