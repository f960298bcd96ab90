package dev.flashsale.local.cloud.dynamodb;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UpdatePredictionTest {

    private static Map<String, Object> s(String value) {
        return Map.of("S", value);
    }

    private static Map<String, Object> intent() {
        return new HashMap<>(Map.of("pk", s("ORDER#o1"), "state", s("TAKING"), "saleId", s("sale-1"),
                "pendingSale", s("sale-1#7"), "pendingKey", s("sale-1#7")));
    }

    @Test
    void apply_shouldCopyThePendingKeyBack_whenTheLedgerMovesAnIntent() {
        var moved = UpdatePrediction.apply(intent(), "SET #state = :to, #write = :write, pendingSale = "
                        + "if_not_exists(pendingKey, saleId)", Map.of("#state", "state", "#write", "write"),
                Map.of(":to", s("RESERVED"), ":write", s("ab")));

        assertEquals(s("sale-1#7"), moved.get("pendingSale"));
        assertEquals(s("RESERVED"), moved.get("state"));
    }

    @Test
    void apply_shouldFallBackToTheBareSale_whenAnIntentFromBeforeTheSplitHasNoPendingKey() {
        Map<String, Object> before = intent();
        before.remove("pendingKey");
        before.put("pendingSale", s("sale-1"));

        var moved = UpdatePrediction.apply(before, "SET #state = :queued, reservedAt = :at, pendingSale = "
                + "if_not_exists(pendingKey, saleId)", Map.of("#state", "state"), Map.of(":queued", s("QUEUED")));

        assertEquals(s("sale-1"), moved.get("pendingSale"));
    }

    @Test
    void apply_shouldDropTheKey_whenTheUpdateRemovesIt() {
        var ordered = UpdatePrediction.apply(intent(), "SET #state = :to REMOVE pendingSale",
                Map.of("#state", "state"), Map.of(":to", s("ORDERED")));

        assertNull(ordered.get("pendingSale"));
    }

    @Test
    void apply_shouldSetTheValue_whenAnAddClauseComesFirst() {
        var buyer = UpdatePrediction.apply(null, "ADD bought :q, holds :ids SET buyerSale = :buyers, userId = :user",
                Map.of(), Map.of(":buyers", s("sale-1#2"), ":user", s("u")));

        assertEquals(s("sale-1#2"), buyer.get("buyerSale"));
        assertEquals(s("u"), buyer.get("userId"));
    }
}
