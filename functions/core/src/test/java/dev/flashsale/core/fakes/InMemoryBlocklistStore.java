package dev.flashsale.core.fakes;

import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.port.BlocklistStore;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The blocklist in memory; a new entry for the same subject replaces the old one, as in the table. */
public final class InMemoryBlocklistStore implements BlocklistStore {

    private final List<BlockEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public List<BlockEntry> all() {
        return List.copyOf(entries);
    }

    @Override
    public void add(BlockEntry entry) {
        remove(entry.type(), entry.value());
        entries.add(entry);
    }

    @Override
    public boolean remove(BlockEntry.Type type, String value) {
        return entries.removeIf(e -> e.type() == type && e.value().equals(value));
    }
}
