package dev.flashsale.adapters.time;

import jakarta.inject.Singleton;

/** The machine's monotonic clock. */
@Singleton
public final class SystemTicker implements Ticker {

    @Override
    public long nanos() {
        return System.nanoTime();
    }
}
