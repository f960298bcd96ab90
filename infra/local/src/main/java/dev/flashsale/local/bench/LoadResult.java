package dev.flashsale.local.bench;

import java.util.Map;

/** A closed-loop load run: answers per second, answers per HTTP status, and latency. */
public record LoadResult(String generator, double seconds, long requests, Map<Integer, Long> statuses,
                         Latency latency) {

    public double perSecond() {
        return seconds == 0 ? 0 : requests / seconds;
    }

    public long count(int status) {
        return statuses.getOrDefault(status, 0L);
    }
}
