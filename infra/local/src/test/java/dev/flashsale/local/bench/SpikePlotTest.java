package dev.flashsale.local.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpikePlotTest {

    @Test
    void html_shouldDrawAdmittedAndLatencyPerBackendWithNothingFetched_whenGivenTimelines() {
        // given
        List<OpeningSpike.Slice> slices = List.of(new OpeningSpike.Slice(0, 100, 80, 2, 9),
                new OpeningSpike.Slice(0.1, 120, 20, 3, 12), new OpeningSpike.Slice(0.2, 150, 0, 1, 4));

        // when
        String html = SpikePlot.html("spike <test>", Map.of("redis", slices), "note & more");

        // then: two charts (admitted; p50 + p99), three points each, self-contained
        assertEquals(3, html.split("<polyline").length - 1);
        assertTrue(html.contains("spike &lt;test&gt;"));
        assertTrue(html.contains("note &amp; more"));
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"));
    }

    @Test
    void niceCeiling_shouldRoundUpToOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(1000, SpikePlot.niceCeiling(800));
        assertEquals(2000, SpikePlot.niceCeiling(1001));
        assertEquals(5, SpikePlot.niceCeiling(4.2));
        assertEquals(10, SpikePlot.niceCeiling(10));
    }
}
