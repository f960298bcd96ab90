package dev.flashsale.local.functions;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackClockTest {

    @Test
    void nanos_shouldStandStillWhileHeld_andMoveByTheJumpsOnly() throws Exception {
        // given
        StackClock clock = new StackClock();
        long held;
        long jumped;

        // when
        try (AutoCloseable hold = clock.hold()) {
            held = clock.nanos();
            Thread.sleep(20); // the machine's time passes; the functions' does not
            assertEquals(held, clock.nanos());
            clock.jump(Duration.ofMillis(300));
            jumped = clock.nanos();
        }

        // then
        assertEquals(held + Duration.ofMillis(300).toNanos(), jumped);
        assertTrue(clock.nanos() >= jumped, "runs on from the held moment");
    }
}
