package dev.flashsale.core.guard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadShedderTest {

    @Test
    void tryStart_shouldRefuse_whenTooManyRequestsAreInFlight() {
        LoadShedder shedder = new LoadShedder(2, 250);

        assertTrue(shedder.tryStart());
        assertTrue(shedder.tryStart());
        assertFalse(shedder.tryStart());
        shedder.finish();
        assertTrue(shedder.tryStart());
    }

    @Test
    void tryStart_shouldRefuse_whenTheStockStoreIsSlow() {
        LoadShedder shedder = new LoadShedder(100, 250);

        shedder.recordDownstream(900_000_000L);

        assertFalse(shedder.tryStart());
        assertTrue(shedder.isUnderLoad());
    }

    @Test
    void isUnderLoad_shouldBeFalse_whenLatencyIsLow() {
        LoadShedder shedder = new LoadShedder(100, 250);

        shedder.recordDownstream(5_000_000L);

        assertFalse(shedder.isUnderLoad());
        assertTrue(shedder.tryStart());
    }

    @Test
    void tryStart_shouldRecover_whenNoSlowCallsFollow() throws InterruptedException {
        LoadShedder shedder = new LoadShedder(100, 250);
        shedder.recordDownstream(300_000_000L); // just over the limit; halves every second without new calls

        Thread.sleep(400);

        assertTrue(shedder.tryStart());
    }
}
