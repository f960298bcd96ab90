package dev.flashsale.local.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyTest {

    @Test
    void of_shouldGivePercentilesInMilliseconds_whenMicrosecondsWereRecorded() {
        // given: 1..1000 ms, one each
        Histogram micros = Latency.newHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            micros.recordValue(ms * 1000L);
        }

        // when
        Latency latency = Latency.of(micros);

        // then (three significant digits)
        assertEquals(1000, latency.count());
        assertEquals(500, latency.p50Ms(), 1);
        assertEquals(990, latency.p99Ms(), 1);
        assertEquals(999, latency.p999Ms(), 1);
        assertEquals(1000, latency.maxMs(), 1);
        assertEquals(500.5, latency.meanMs(), 1);
    }

    @Test
    void of_shouldBeNone_whenNothingWasRecorded() {
        assertEquals(Latency.NONE, Latency.of(Latency.newHistogram()));
    }
}
