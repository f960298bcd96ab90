package dev.flashsale.core.sale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardPlanTest {

    @ParameterizedTest
    @CsvSource({"0,1", "1,1", "1000,1", "1001,2", "5000,5", "250000,100"})
    void shardsFor_shouldKeepEachShardUnderAThousandWrites_whenRateGiven(int rate, int expected) {
        assertEquals(expected, ShardPlan.shardsFor(rate));
    }

    @ParameterizedTest
    @CsvSource({"10,3", "200,7", "0,4", "7,7", "1000,100"})
    void unitsInShard_shouldSpreadEveryUnitEvenly_whenSplit(int units, int shards) {
        int[] split = IntStream.range(0, shards).map(i -> ShardPlan.unitsInShard(units, shards, i)).toArray();
        assertEquals(units, IntStream.of(split).sum());
        int max = IntStream.of(split).max().orElseThrow();
        int min = IntStream.of(split).min().orElseThrow();
        assertTrue(max - min <= 1, "shards differ by at most one unit");
    }

    @Test
    void unitsInShard_shouldReject_whenIndexOutsideShards() {
        assertThrows(IllegalArgumentException.class, () -> ShardPlan.unitsInShard(10, 2, 2));
    }

    @Test
    void defaultShards_shouldGrowWithStock() {
        assertEquals(1, ShardPlan.defaultShards(100));
        assertEquals(20, ShardPlan.defaultShards(10_000));
    }
}
