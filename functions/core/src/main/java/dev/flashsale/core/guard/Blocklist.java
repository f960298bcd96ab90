package dev.flashsale.core.guard;

import dev.flashsale.core.port.BlocklistStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may not buy: blocked user ids and address ranges. Each container reads the list at most every few seconds
 * (an entry takes effect everywhere within that time) and matches in memory. Automatic entries always end, and
 * are not added past {@code maxEntries} active ones: a flood of signals cannot grow the list (nor the edge's IP
 * sets, 10,000 ranges each) without bound.
 */
public final class Blocklist {

    private record Snapshot(Set<String> users, List<IpRange> ranges, List<BlockEntry> entries, Instant readAt) {
    }

    private final BlocklistStore store;
    private final Clock clock;
    /** Active entries at most before automatic ones are no longer added. */
    public static final int DEFAULT_MAX_ENTRIES = 5_000;

    private final Duration maxAge;
    private final int maxEntries;
    private volatile Snapshot snapshot;

    public Blocklist(BlocklistStore store, Clock clock, Duration maxAge) {
        this(store, clock, maxAge, DEFAULT_MAX_ENTRIES);
    }

    public Blocklist(BlocklistStore store, Clock clock, Duration maxAge, int maxEntries) {
        this.store = store;
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
    }

    public boolean isBlocked(String userId, String clientAddress) {
        Snapshot current = current();
        if (userId != null && current.users().contains(userId)) {
            return true;
        }
        for (IpRange range : current.ranges()) {
            if (range.contains(clientAddress)) {
                return true;
            }
        }
        return false;
    }

    public List<BlockEntry> entries() {
        return current().entries();
    }

    public void add(BlockEntry entry) {
        store.add(entry);
        snapshot = null;
    }

    /**
     * Adds an automatic entry, which must end; answers false (and adds nothing) when the list already holds
     * {@code maxEntries} active entries, or the subject is already blocked.
     */
    public boolean addAutomatic(BlockEntry entry) {
        if (entry.expiresAt() == null) {
            throw new IllegalArgumentException("an automatic block must end");
        }
        Snapshot current = current();
        if (current.entries().size() >= maxEntries || current.entries().stream().anyMatch(e ->
                e.type() == entry.type() && e.value().equals(entry.value()))) {
            return false;
        }
        add(entry);
        return true;
    }

    public boolean remove(BlockEntry.Type type, String value) {
        boolean removed = store.remove(type, value);
        snapshot = null;
        return removed;
    }

    private Snapshot current() {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (current == null || !current.readAt().plus(maxAge).isAfter(now)) {
            current = read(now);
            snapshot = current;
        }
        return current;
    }

    private Snapshot read(Instant now) {
        Set<String> users = new HashSet<>();
        List<IpRange> ranges = new ArrayList<>();
        List<BlockEntry> active = new ArrayList<>();
        for (BlockEntry entry : store.all()) {
            if (!entry.isActiveAt(now)) {
                continue;
            }
            active.add(entry);
            if (entry.type() == BlockEntry.Type.USER) {
                users.add(entry.value());
            } else {
                IpRange.parse(entry.value()).ifPresent(ranges::add);
            }
        }
        return new Snapshot(users, ranges, List.copyOf(active), now);
    }
}
