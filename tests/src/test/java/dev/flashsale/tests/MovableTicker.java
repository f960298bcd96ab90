package dev.flashsale.tests;

import dev.flashsale.adapters.time.Ticker;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A monotonic clock a test moves: the adapters' in-container memories then expire when the test says so. */
public final class MovableTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long nanos() {
        return nanos.get();
    }

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    /** Puts a new movable ticker in place of the machine's, in a context not yet started. */
    public static MovableTicker replacingIn(ApplicationContext notStarted) {
        MovableTicker ticker = new MovableTicker();
        notStarted.registerBeanDefinition(RuntimeBeanDefinition.builder(Ticker.class, () -> ticker)
                .replaces(Ticker.class).build());
        return ticker;
    }
}
