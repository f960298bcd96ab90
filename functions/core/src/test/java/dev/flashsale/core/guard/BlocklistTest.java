package dev.flashsale.core.guard;

import dev.flashsale.core.fakes.InMemoryBlocklistStore;
import dev.flashsale.core.fakes.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 21, finding 7: the blocklist is bounded, in size and in time. */
class BlocklistTest {

    private final InMemoryBlocklistStore store = new InMemoryBlocklistStore();
    private final MovableClock clock = new MovableClock(NOW);
    private final Blocklist blocklist = new Blocklist(store, clock, Duration.ZERO, 3);

    private static BlockEntry auto(String value) {
        return new BlockEntry(BlockEntry.Type.USER, value, "auto: test", NOW, NOW.plus(Duration.ofMinutes(15)));
    }

    @Test
    void addAutomatic_shouldAddNothing_whenTheListHoldsItsMaximum() {
        assertTrue(blocklist.addAutomatic(auto("a")));
        assertTrue(blocklist.addAutomatic(auto("b")));
        assertTrue(blocklist.addAutomatic(auto("c")));

        assertFalse(blocklist.addAutomatic(auto("d")));
        assertEquals(3, store.all().size());
        assertFalse(blocklist.isBlocked("d", null));
    }

    @Test
    void addAutomatic_shouldMakeRoomAgain_whenEntriesHaveEnded() {
        blocklist.addAutomatic(auto("a"));
        blocklist.addAutomatic(auto("b"));
        blocklist.addAutomatic(auto("c"));
        clock.advance(Duration.ofMinutes(16));

        assertTrue(blocklist.addAutomatic(new BlockEntry(BlockEntry.Type.USER, "d", "auto: test", clock.instant(),
                clock.instant().plus(Duration.ofMinutes(15)))));
        assertTrue(blocklist.isBlocked("d", null));
        assertFalse(blocklist.isBlocked("a", null), "an automatic block ends");
    }

    @Test
    void addAutomatic_shouldRefuse_whenTheEntryHasNoEnd() {
        assertThrows(IllegalArgumentException.class, () -> blocklist.addAutomatic(
                new BlockEntry(BlockEntry.Type.USER, "forever", "auto: test", NOW, null)));
    }

    @Test
    void addAutomatic_shouldNotAddASecondEntry_whenTheSubjectIsAlreadyBlocked() {
        assertTrue(blocklist.addAutomatic(auto("a")));

        assertFalse(blocklist.addAutomatic(auto("a")));
        assertEquals(1, store.all().size());
    }
}
