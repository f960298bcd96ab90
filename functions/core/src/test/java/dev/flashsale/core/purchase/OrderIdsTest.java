package dev.flashsale.core.purchase;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderIdsTest {

    @Test
    void next_shouldBeWellFormedAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = OrderIds.next();
            assertTrue(OrderIds.isWellFormed(id), id);
            ids.add(id);
        }
        assertEquals(1000, ids.size());
    }

    @Test
    void isWellFormed_shouldRejectKeysAndJunk() {
        assertFalse(OrderIds.isWellFormed(null));
        assertFalse(OrderIds.isWellFormed("abc"));
        assertFalse(OrderIds.isWellFormed("SALE#x#SHARD#1"));
    }
}
