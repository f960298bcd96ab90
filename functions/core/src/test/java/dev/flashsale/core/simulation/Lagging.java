package dev.flashsale.core.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DynamoDB global secondary index over items: each write shows in it after its own lag, and the writes to one
 * item show in their order. A read sees, for each item, its latest version already shown (or nothing yet).
 */
final class Lagging<V> {

    private record Version<V>(V value, Instant visibleAt) {
    }

    private final Map<String, Deque<Version<V>>> versions = new LinkedHashMap<>();

    /** The item {@code key} became {@code value} (null: gone from the index) at {@code now}. */
    void wrote(String key, V value, Instant now, Duration lag) {
        Deque<Version<V>> item = versions.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant visible = now.plus(lag);
        if (!item.isEmpty() && item.peekLast().visibleAt().isAfter(visible)) {
            visible = item.peekLast().visibleAt();
        }
        item.addLast(new Version<>(value, visible));
    }

    /** What an index read at {@code now} sees. */
    List<V> read(Instant now) {
        List<V> seen = new ArrayList<>();
        for (Deque<Version<V>> item : versions.values()) {
            while (item.size() > 1 && !item.stream().skip(1).findFirst().get().visibleAt().isAfter(now)) {
                item.removeFirst();
            }
            Version<V> first = item.peekFirst();
            if (first != null && !first.visibleAt().isAfter(now) && first.value() != null) {
                seen.add(first.value());
            }
        }
        return seen;
    }
}
