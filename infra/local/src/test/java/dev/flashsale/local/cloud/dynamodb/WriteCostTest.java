package dev.flashsale.local.cloud.dynamodb;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WriteCostTest {

    private static final TableKeys STOCK = new TableKeys("StockTable", "pk", null, List.of(
            new TableKeys.Index("pendingBySale", "pendingSale", "reservedAt"),
            new TableKeys.Index("buyersBySale", "buyerSale", "pk")));

    private final Partition table = Partition.ofTable("StockTable", "ORDER#o1");

    private static Map<String, Object> s(String value) {
        return Map.of("S", value);
    }

    private static Map<String, Object> intent(String state, String pendingSale) {
        Map<String, Object> item = new HashMap<>(Map.of("pk", s("ORDER#o1"), "state", s(state),
                "reservedAt", s("2026-12-08T03:00:00Z")));
        if (pendingSale != null) {
            item.put("pendingSale", s(pendingSale));
        }
        return item;
    }

    @Test
    void of_shouldChargeTheTableAndTheIndexKey_whenAPutEntersASparseIndex() {
        Units units = WriteCost.of(STOCK, "ORDER#o1", null, intent("TAKING", "sale-1#7"), false);

        assertEquals(1, units.writeUnits(table));
        assertEquals(1, units.writeUnits(Partition.ofIndex("StockTable", "pendingBySale", "sale-1#7")));
        assertEquals(0, units.writeUnits(Partition.ofIndex("StockTable", "buyersBySale", "sale-1#7")),
                "not in the index without its key");
    }

    @Test
    void of_shouldChargeTheOldAndTheNewIndexKey_whenTheKeyChanges() {
        Units units = WriteCost.of(STOCK, "ORDER#o1", intent("TAKING", "sale-1"), intent("RESERVED", "sale-1#7"), false);

        assertEquals(1, units.writeUnits(Partition.ofIndex("StockTable", "pendingBySale", "sale-1")));
        assertEquals(1, units.writeUnits(Partition.ofIndex("StockTable", "pendingBySale", "sale-1#7")));
    }

    @Test
    void of_shouldChargeTheOldIndexKey_whenTheItemLeavesTheIndex() {
        Units units = WriteCost.of(STOCK, "ORDER#o1", intent("CLAIMED", "sale-1#7"), intent("ORDERED", null), false);

        assertEquals(1, units.writeUnits(Partition.ofIndex("StockTable", "pendingBySale", "sale-1#7")));
    }

    @Test
    void of_shouldChargeTheTableAlone_whenTheConditionFailed() {
        Units units = WriteCost.of(STOCK, "ORDER#o1", intent("TAKING", "sale-1"), intent("RESERVED", "sale-1"), true);

        assertEquals(1, units.writeUnits(table));
        assertEquals(0, units.writeUnits(Partition.ofIndex("StockTable", "pendingBySale", "sale-1")));
    }

    @Test
    void of_shouldChargeAUnitPerKilobyteBegun_ofTheLargerImage() {
        Map<String, Object> big = intent("RESERVED", "sale-1");
        big.put("note", s("x".repeat(1_500)));

        Units units = WriteCost.of(STOCK, "ORDER#o1", big, intent("RESERVED", "sale-1"), false);

        assertEquals(2, units.writeUnits(table));
        assertEquals(1, units.writeUnits(Partition.ofIndex("StockTable", "pendingBySale", "sale-1")),
                "the index item as written");
    }
}
