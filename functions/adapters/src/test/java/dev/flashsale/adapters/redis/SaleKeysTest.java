package dev.flashsale.adapters.redis;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaleKeysTest {

    @Test
    void forReserve_shouldHashEveryKeyToOneClusterSlot_whenASaleHasManyShards() {
        // given
        SaleKeys keys = new SaleKeys("summer-drop");

        // when
        List<String> all = Arrays.asList(keys.forReserve("00000000-0000-4000-8000-000000000000", 100));

        // then
        int slot = SlotHash.getSlot(all.get(0));
        assertEquals(104, all.size());
        assertTrue(all.stream().allMatch(key -> SlotHash.getSlot(key) == slot), "one slot for one Lua script");
    }

    @Test
    void keys_shouldDifferBetweenSales() {
        assertTrue(!new SaleKeys("a").meta().equals(new SaleKeys("b").meta()));
        assertTrue(new SaleKeys("a").stock(3).startsWith("{sale:a}:"));
    }
}
