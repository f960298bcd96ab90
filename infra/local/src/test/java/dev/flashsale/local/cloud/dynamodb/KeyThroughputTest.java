package dev.flashsale.local.cloud.dynamodb;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyThroughputTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-08T03:00:00.100Z"));
    private final InstantSource clock = now::get;
    private final KeyThroughput meter = new KeyThroughput(KeyLimits.DYNAMODB, clock);
    private final Partition hot = Partition.ofIndex("StockTable", "pendingBySale", "sale-1");

    @Test
    void admit_shouldThrottleEveryWriteAfterTheThousandth_whenABurstHitsOneKeyWithinOneSecond() {
        // given: 1,500 one-unit writes to one key inside one clock second
        int admitted = 0;

        // when
        for (int i = 0; i < 1_500; i++) {
            if (meter.admit(new Units().write(hot, 1)).isEmpty()) {
                admitted++;
            }
        }

        // then
        assertEquals(1_000, admitted);
        assertEquals(500, meter.throttles(hot));
        assertEquals(1_000, meter.peakWriteUnits(hot));
    }

    @Test
    void admit_shouldChargeNothingForARefusedCall_andKeepOtherKeysApart() {
        Partition other = Partition.ofIndex("StockTable", "pendingBySale", "sale-1#3");
        for (int i = 0; i < 1_000; i++) {
            meter.admit(new Units().write(hot, 1));
        }

        var refused = meter.admit(new Units().write(other, 1).write(hot, 1));

        assertTrue(refused.isPresent());
        assertEquals(hot, refused.get().partition());
        assertTrue(refused.get().write());
        assertEquals(0, meter.peakWriteUnits(other), "a throttled call writes nowhere");
        assertTrue(meter.admit(new Units().write(other, 1)).isEmpty());
        assertEquals(0, meter.throttles(other));
    }

    @Test
    void admit_shouldAdmitAgain_whenTheClockMovesToTheNextSecond() {
        for (int i = 0; i < 1_000; i++) {
            meter.admit(new Units().write(hot, 1));
        }
        assertTrue(meter.admit(new Units().write(hot, 1)).isPresent());

        now.set(now.get().plusMillis(900));

        assertTrue(meter.admit(new Units().write(hot, 1)).isEmpty());
        assertEquals(1, meter.throttles(hot));
    }

    @Test
    void admit_shouldRefuseTheReadPastThreeThousandUnits_whenEventualReadsCostHalfAUnit() {
        Partition sale = Partition.ofTable("SalesTable", "sale-1");
        int admitted = 0;
        for (int i = 0; i < 6_001; i++) {
            if (meter.admit(new Units().read(sale, ItemSize.readUnits(200, false))).isEmpty()) {
                admitted++;
            }
        }

        assertEquals(6_000, admitted);
        var refused = meter.admit(new Units().read(sale, 0.5));
        assertTrue(refused.isPresent() && !refused.get().write());
    }

    @Test
    void settle_shouldChargeWhatTheWriteTurnedOutToCost_beyondItsEstimate() {
        Units estimate = new Units().write(hot, 1);
        meter.admit(estimate);

        meter.settle(estimate, new Units().write(hot, 3));

        assertEquals(3, meter.peakWriteUnits(hot));
    }
}
