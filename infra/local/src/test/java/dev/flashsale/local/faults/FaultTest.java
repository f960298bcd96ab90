package dev.flashsale.local.faults;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FaultTest {

    @Test
    void parse_shouldTakeEveryFaultButTheCache_whenAllOnDynamoDb() {
        // given / when
        Set<Fault> faults = Fault.parse("all", false);

        // then
        assertEquals(EnumSet.complementOf(EnumSet.of(Fault.CACHE_LOSS)), faults);
    }

    @Test
    void parse_shouldTakeEveryFault_whenAllOnRedis() {
        assertEquals(EnumSet.allOf(Fault.class), Fault.parse("all", true));
    }

    @Test
    void parse_shouldReadCommaSeparatedLabels_whenListed() {
        assertEquals(EnumSet.of(Fault.ADMISSION_CRASH, Fault.STORE_PAUSE),
                Fault.parse("admission-crash, store-pause", false));
    }

    @Test
    void parse_shouldRefuse_whenUnknownOrCacheLossWithoutCache() {
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("disk-full", false));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("cache-loss", false));
    }
}
