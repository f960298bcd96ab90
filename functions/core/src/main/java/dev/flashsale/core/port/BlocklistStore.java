package dev.flashsale.core.port;

import dev.flashsale.core.guard.BlockEntry;

import java.util.List;

/** Where blocked users and address ranges are kept. */
public interface BlocklistStore {

    List<BlockEntry> all();

    void add(BlockEntry entry);

    /** Answers whether there was such an entry. */
    boolean remove(BlockEntry.Type type, String value);
}
