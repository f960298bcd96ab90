package dev.flashsale.adapters.snapstart;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RestorableRandomTest {

    /** Two containers restored from one snapshot hold the same generator state: here, the same seed. */
    private static RestorableRandom restoredCopy() {
        return new RestorableRandom(new Random(42));
    }

    private static long[] draw(RestorableRandom random) {
        return LongStream.range(0, 4).map(i -> random.nextLong()).toArray();
    }

    @Test
    void nextLong_shouldRepeatAcrossCopies_whenNotReseeded() {
        // given
        RestorableRandom first = restoredCopy();
        RestorableRandom second = restoredCopy();

        // when / then: the hazard the hook removes
        assertArrayEquals(draw(first), draw(second));
    }

    @Test
    void afterRestore_shouldGiveEachCopyItsOwnNumbers_whenTheSnapshotStateWasShared() {
        // given
        RestorableRandom first = restoredCopy();
        RestorableRandom second = restoredCopy();

        // when
        first.afterRestore(null);
        second.afterRestore(null);

        // then
        long[] a = draw(first);
        long[] b = draw(second);
        assertFalse(java.util.Arrays.equals(a, b));
        assertFalse(java.util.Arrays.equals(a, draw(restoredCopy())), "nothing of the snapshot's sequence is left");
    }
}
