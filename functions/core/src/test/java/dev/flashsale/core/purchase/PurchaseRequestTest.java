package dev.flashsale.core.purchase;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PurchaseRequestTest {

    @Test
    void problem_shouldBeEmpty_whenUserAndQuantityAreValid() {
        assertTrue(new PurchaseRequest("shopper-1", 1).problem().isEmpty());
    }

    @Test
    void problem_shouldNameUserId_whenMissingOrBlank() {
        assertEquals("userId is required", new PurchaseRequest(null, 1).problem().orElseThrow());
        assertEquals("userId is required", new PurchaseRequest("  ", 1).problem().orElseThrow());
    }

    @Test
    void problem_shouldRejectUserId_whenLongerThan64() {
        assertTrue(new PurchaseRequest("u".repeat(64), 1).problem().isEmpty());
        assertTrue(new PurchaseRequest("u".repeat(65), 1).problem().isPresent());
    }

    @Test
    void problem_shouldRejectUserId_whenItHasControlCharacters() {
        assertTrue(new PurchaseRequest("a\nb", 1).problem().isPresent());
    }

    @Test
    void problem_shouldRejectQuantity_whenNotOne() {
        assertTrue(new PurchaseRequest("u", 0).problem().isPresent());
        assertTrue(new PurchaseRequest("u", 2).problem().isPresent());
        assertTrue(new PurchaseRequest("u", null).problem().isPresent());
    }
}
