package dev.flashsale.adapters.time;

/**
 * A monotonic clock in nanoseconds, for the adapters' short in-container memories (how long a shard found empty
 * is skipped). Injected so that a test moves it instead of waiting for the machine's clock.
 */
@FunctionalInterface
public interface Ticker {

    long nanos();
}
