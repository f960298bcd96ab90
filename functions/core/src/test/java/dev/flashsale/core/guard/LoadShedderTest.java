package dev.flashsale.core.guard;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadShedderTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void tryStart_shouldRefuse_whenTooManyRequestsAreInFlight() {
        LoadShedder shedder = new LoadShedder(2, 250, nanos::get);

        assertTrue(shedder.tryStart());
        assertTrue(shedder.tryStart());
        assertFalse(shedder.tryStart());
        shedder.finish();
        assertTrue(shedder.tryStart());
    }

    @Test
    void tryStart_shouldRefuse_whenTheStockStoreIsSlow() {
        LoadShedder shedder = new LoadShedder(100, 250, nanos::get);

        shedder.recordDownstream(900_000_000L);

        assertFalse(shedder.tryStart());
        assertTrue(shedder.isUnderLoad());
    }

    @Test
    void isUnderLoad_shouldBeFalse_whenLatencyIsLow() {
        LoadShedder shedder = new LoadShedder(100, 250, nanos::get);

        shedder.recordDownstream(5_000_000L);

        assertFalse(shedder.isUnderLoad());
        assertTrue(shedder.tryStart());
    }

    @Test
    void tryStart_shouldRecover_whenNoSlowCallsFollow() {
        LoadShedder shedder = new LoadShedder(100, 250, nanos::get);
        shedder.recordDownstream(300_000_000L); // just over the limit; halves every second without new calls

        assertFalse(shedder.tryStart());

        nanos.addAndGet(400_000_000L);

        assertTrue(shedder.tryStart());
    }

    @Test
    void tryStart_shouldStillRefuse_whenTheSlowCallWasAMomentAgo() {
        LoadShedder shedder = new LoadShedder(100, 250, nanos::get);
        shedder.recordDownstream(900_000_000L);

        nanos.addAndGet(1_000_000_000L); // one half-life: 450 ms, still over the limit

        assertFalse(shedder.tryStart());
    }
}
