package dev.flashsale.core.sale;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaleTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-26T11:00:00Z");
    private final Sale sale = new Sale("s1", "Sneakers", 10, START, END, 1, 2, Protection.DEFAULTS);

    @Test
    void statusAt_shouldBeUpcoming_whenBeforeStart() {
        assertEquals(SaleStatus.UPCOMING, sale.statusAt(START.minusMillis(1), 10));
    }

    @Test
    void statusAt_shouldBeOpen_whenAtStartWithStock() {
        assertEquals(SaleStatus.OPEN, sale.statusAt(START, 1));
    }

    @Test
    void statusAt_shouldBeSoldOut_whenOpenWithoutStock() {
        assertEquals(SaleStatus.SOLD_OUT, sale.statusAt(START.plusSeconds(5), 0));
    }

    @Test
    void statusAt_shouldBeEnded_whenAtEndEvenWithStock() {
        assertEquals(SaleStatus.ENDED, sale.statusAt(END, 10));
    }

    @Test
    void isOpenAt_shouldIncludeStartAndExcludeEnd() {
        assertTrue(sale.isOpenAt(START));
        assertFalse(sale.isOpenAt(END));
    }

    @Test
    void constructor_shouldReject_whenWindowIsEmpty() {
        assertThrows(IllegalArgumentException.class,
                () -> new Sale("s1", "x", 1, END, START, 1, 1, Protection.DEFAULTS));
    }
}
