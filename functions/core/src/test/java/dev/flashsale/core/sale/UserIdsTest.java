package dev.flashsale.core.sale;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserIdsTest {

    @Test
    void isValid_shouldAccept_whenPrintableAndAtMost64() {
        assertTrue(UserIds.isValid("shopper-1"));
        assertTrue(UserIds.isValid("u".repeat(64)));
    }

    @Test
    void isValid_shouldRefuse_whenMissingTooLongOrNotPrintable() {
        assertFalse(UserIds.isValid(null));
        assertFalse(UserIds.isValid(" "));
        assertFalse(UserIds.isValid("u".repeat(65)));
        assertFalse(UserIds.isValid("a\u202Eb"));
    }

    @Test
    void problem_shouldNameTheField_whenTheIdCameInAnotherField() {
        // given a blocklist entry's value that is no user id
        // when / then: the message names the field the client sent
        assertEquals("value is required", UserIds.problem("value", "").orElseThrow());
        assertEquals("value must be at most 64 characters", UserIds.problem("value", "u".repeat(65)).orElseThrow());
        assertEquals("userId is required", UserIds.problem(null).orElseThrow());
    }
}
