package dev.flashsale.core.fakes;

import dev.flashsale.core.port.BotSignals;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bot signals counted per subject, with no window: every signal counts. */
public final class CountingBotSignals implements BotSignals {

    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    @Override
    public long record(String subject, Instant now) {
        return counts.merge(subject, 1L, Long::sum);
    }

    public long count(String subject) {
        return counts.getOrDefault(subject, 0L);
    }
}
