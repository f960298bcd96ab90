package dev.flashsale.local.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WrkTest {

    @Test
    void parse_shouldReadRateStatusesAndPercentiles_whenTheScriptPrintedItsLines() {
        // given: what the bench's wrk script prints (durations in microseconds)
        String output = """
                Running 10s test @ http://127.0.0.1:8080/api/sales/so/purchases
                  2 threads and 32 connections
                BENCH statuses 410=9000 429=1000
                BENCH summary 20000 10000000 0
                BENCH latency 120 1500.5 1200 8000 15000 42000
                """;

        // when
        LoadResult result = Wrk.parse(output);

        // then
        assertEquals(2000, result.perSecond(), 0.001);
        assertEquals(9000, result.count(410));
        assertEquals(1000, result.count(429));
        assertEquals(1.2, result.latency().p50Ms(), 1e-9);
        assertEquals(8.0, result.latency().p99Ms(), 1e-9);
        assertEquals(15.0, result.latency().p999Ms(), 1e-9);
        assertEquals(42.0, result.latency().maxMs(), 1e-9);
    }

    @Test
    void parse_shouldFail_whenWrkPrintedNoSummary() {
        assertThrows(IllegalStateException.class, () -> Wrk.parse("unable to connect to 127.0.0.1:1"));
    }
}
