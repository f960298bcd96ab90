package dev.flashsale.local.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventPatternTest {

    private static Map<String, Object> event(String source, String detailType, String status) {
        return Map.of("source", source, "detail-type", detailType, "detail", Map.of("status", status, "saleId", "s1"));
    }

    @Test
    void matches_shouldTakeTheEvent_whenSourceAndDetailTypeAreAmongThePatternsValues() {
        EventPattern pattern = new EventPattern(Map.of("source", List.of("flashsale"),
                "detail-type", List.of("flashsale.order")));

        assertTrue(pattern.matches(event("flashsale", "flashsale.order", "PAID")));
        assertFalse(pattern.matches(event("shop", "flashsale.order", "PAID")));
        assertFalse(pattern.matches(event("flashsale", "flashsale.sale", "PAID")));
    }

    @Test
    void matches_shouldLookIntoTheDetail_whenThePatternNamesItsFields() {
        EventPattern paidOnly = new EventPattern(Map.of("source", List.of("flashsale"),
                "detail", Map.of("status", List.of("PAID"))));

        assertTrue(paidOnly.matches(event("flashsale", "flashsale.order", "PAID")));
        assertFalse(paidOnly.matches(event("flashsale", "flashsale.order", "EXPIRED")));
        assertFalse(paidOnly.matches(Map.of("source", "flashsale")));
    }

    @Test
    void constructor_shouldRefuseAContentFilter_whenThePatternHasOne() {
        assertThrows(IllegalArgumentException.class, () -> new EventPattern(Map.of("source",
                List.of(Map.of("prefix", "flash")))));
    }
}
