package dev.flashsale.core.deadletter;

import dev.flashsale.core.port.DeadLetters;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeadLetterRedriveTest {

    /** A dead-letter queue whose approximate count trails: it reads 0 while letters wait. */
    private static final class TrailingQueue implements DeadLetters {
        final List<DeadLetter> letters = new ArrayList<>();
        long reportedCount;

        @Override
        public long count() {
            return reportedCount;
        }

        @Override
        public List<DeadLetter> list(int max) {
            return letters.subList(0, Math.min(max, letters.size()));
        }

        @Override
        public int redrive(int max) {
            int moved = Math.min(max, letters.size());
            letters.subList(0, moved).clear();
            return moved;
        }
    }

    private static DeadLetter letter(String orderId) {
        return new DeadLetter("m-" + orderId, orderId, "s1", Instant.parse("2026-11-26T10:00:00Z"), 5);
    }

    @Test
    void list_shouldCountAtLeastTheLettersListed_whenTheQueuesCountTrails() {
        TrailingQueue queue = new TrailingQueue();
        queue.letters.addAll(List.of(letter("a"), letter("b")));

        DeadLetterRedrive.Listing listing = new DeadLetterRedrive(queue).list(10);

        assertEquals(2, listing.queued());
        assertEquals(2, listing.letters().size());
    }

    @Test
    void redrive_shouldMoveAtMostMax_andSayWhatIsLeft() {
        TrailingQueue queue = new TrailingQueue();
        queue.letters.addAll(List.of(letter("a"), letter("b"), letter("c")));
        queue.reportedCount = 1;

        DeadLetterRedrive.Redriven redriven = new DeadLetterRedrive(queue).redrive(2);

        assertEquals(2, redriven.redriven());
        assertEquals(1, redriven.left());
        assertEquals(1, queue.letters.size());
    }
}
