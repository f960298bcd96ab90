package dev.flashsale.core.simulation;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Where actors' threads come from. On Java 21+ they are virtual threads on one carrier thread
 * ({@code jdk.virtualThreadScheduler.parallelism=1}): handing the baton over is then a continuation switch, not
 * an OS context switch, some hundred times faster on a busy machine. On Java 17 (the build's release) they are
 * platform threads: the same runs, slower. Found by reflection, so the code compiles for 17.
 */
final class Carrier {

    private static final Method OF_VIRTUAL;
    private static final Method UNSTARTED;

    static {
        Method ofVirtual = null;
        Method unstarted = null;
        try {
            if (System.getProperty("jdk.virtualThreadScheduler.parallelism") == null) {
                System.setProperty("jdk.virtualThreadScheduler.parallelism", "1");
                System.setProperty("jdk.virtualThreadScheduler.maxPoolSize", "1");
            }
            ofVirtual = Thread.class.getMethod("ofVirtual");
            unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
        } catch (ReflectiveOperationException | RuntimeException notAvailable) {
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        UNSTARTED = unstarted;
    }

    private Carrier() {
    }

    static boolean virtual() {
        return OF_VIRTUAL != null && !Boolean.getBoolean("sim.platformThreads");
    }

    /** A started thread running {@code body}. */
    static Thread start(String name, Runnable body) {
        Thread thread = null;
        if (virtual()) {
            try {
                thread = (Thread) UNSTARTED.invoke(OF_VIRTUAL.invoke(null), body);
            } catch (ReflectiveOperationException failed) {
                thread = null;
            }
        }
        if (thread == null) {
            thread = new Thread(body);
            thread.setDaemon(true);
        }
        thread.setName(name);
        thread.start();
        return thread;
    }

    /** Runs {@code body} on a carrier-scheduled thread (so that the scheduler and its actors share the carrier). */
    static <T> T call(Supplier<T> body) {
        if (!virtual()) {
            return body.get();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = start("sim-world", () -> {
            try {
                result.set(body.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            thread.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
        if (failure.get() instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure.get() instanceof Error error) {
            throw error;
        }
        return result.get();
    }
}
