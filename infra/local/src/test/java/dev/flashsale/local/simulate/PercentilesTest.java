package dev.flashsale.local.simulate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PercentilesTest {

    @Test
    void millis_shouldTakeTheNearestRank_whenLatenciesAreUnsorted() {
        // given: 1..100 ms, shuffled
        List<Long> nanos = new ArrayList<>();
        for (long ms = 100; ms >= 1; ms--) {
            nanos.add(ms * 1_000_000);
        }
        Collections.shuffle(nanos, new Random(1));

        // when
        Percentiles percentiles = new Percentiles(nanos);

        // then
        assertEquals(50.0, percentiles.millis(0.50));
        assertEquals(99.0, percentiles.millis(0.99));
        assertEquals(100.0, percentiles.maxMillis());
    }

    @Test
    void millis_shouldBeZero_whenNothingWasMeasured() {
        Percentiles none = new Percentiles(List.of());
        assertEquals(0.0, none.millis(0.99));
        assertEquals(0.0, none.maxMillis());
    }
}
