package dev.flashsale.adapters.dynamodb;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexShardsTest {

    @Test
    void key_shouldSpreadASalesOrdersOverEveryValue_whenSplitIn32() {
        IndexShards shards = new IndexShards(32);
        int[] perValue = new int[32];

        for (int i = 0; i < 32_000; i++) {
            String key = shards.key("sale-1", UUID.randomUUID().toString());
            perValue[Integer.parseInt(key.substring("sale-1#".length()))]++;
        }

        for (int count : perValue) {
            assertTrue(count > 800 && count < 1_200, "about 1,000 each: " + java.util.Arrays.toString(perValue));
        }
    }

    @Test
    void key_shouldBeTheSameValue_forTheSameMember() {
        IndexShards shards = new IndexShards(32);

        assertEquals(shards.key("sale-1", "order-7"), shards.key("sale-1", "order-7"));
    }

    @Test
    void key_shouldBeTheBareSale_whenThereIsOneValue() {
        assertEquals("sale-1", new IndexShards(1).key("sale-1", "order-7"));
        assertEquals(List.of("sale-1"), new IndexShards(1).all("sale-1"));
    }

    @Test
    void all_shouldNameEveryValueAndTheBareSale_soItemsFromBeforeTheSplitAreRead() {
        IndexShards shards = new IndexShards(4);
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            written.add(shards.key("sale-1", "user-" + i));
        }

        List<String> read = shards.all("sale-1");

        assertEquals(List.of("sale-1#0", "sale-1#1", "sale-1#2", "sale-1#3", "sale-1"), read);
        assertTrue(read.containsAll(written));
    }
}
