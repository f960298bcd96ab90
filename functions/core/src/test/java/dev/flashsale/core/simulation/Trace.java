package dev.flashsale.core.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run did, step by step: kept only when asked (a replay to print a failing schedule), so that exploring
 * costs no strings. Errors that escaped an actor's own handling are always kept: they are findings.
 */
final class Trace {

    private final boolean keep;
    private final Instant start;
    private final List<String> lines = new ArrayList<>();
    private final List<String> escaped = new ArrayList<>();

    Trace(boolean keep, Instant start) {
        this.keep = keep;
        this.start = start;
    }

    boolean keeping() {
        return keep;
    }

    void add(Instant at, String who, String what) {
        if (keep) {
            lines.add(String.format("%9.3fs %-14s %s", Duration.between(start, at).toMillis() / 1000.0, who, what));
        }
    }

    void escaped(String who, Throwable error) {
        escaped.add(who + ": " + error);
    }

    List<String> lines() {
        return lines;
    }

    List<String> escapedErrors() {
        return escaped;
    }
}
