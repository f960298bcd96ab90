package dev.flashsale.local.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Runs one operation from several threads for a while, closed-loop, and counts and times it. */
final class Concurrently {

    interface Operation {
        /** Runs call {@code n} (unique across threads); answers how many units it did (a batch of ten: 10). */
        int run(long n) throws Exception;
    }

    record Result(double seconds, long calls, long units, long failures, Latency latency) {

        double unitsPerSecond() {
            return seconds == 0 ? 0 : units / seconds;
        }
    }

    private Concurrently() {
    }

    static Result run(int threads, Duration duration, Operation operation) throws InterruptedException {
        return run(threads, duration, () -> operation);
    }

    /**
     * As {@link #run(int, Duration, Operation)}, each thread with an operation of its own, made on that thread
     * ({@code perThread}): a client per connection.
     */
    static Result run(int threads, Duration duration, Supplier<Operation> perThread) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong sequence = new AtomicLong();
        AtomicLong units = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                Operation operation = perThread.get();
                while (System.nanoTime() < end) {
                    long n = sequence.getAndIncrement();
                    long t0 = System.nanoTime();
                    try {
                        units.addAndGet(operation.run(n));
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    recorder.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                }
            }, "bench-worker-" + i);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Histogram histogram = recorder.getIntervalHistogram();
        return new Result(seconds, histogram.getTotalCount(), units.get(), failures.get(), Latency.of(histogram));
    }

    /** Runs {@code count} calls over {@code threads} threads; answers the elapsed seconds. */
    static double runCount(int threads, long count, Operation operation) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                long n;
                while ((n = sequence.getAndIncrement()) < count) {
                    try {
                        operation.run(n);
                    } catch (Exception e) {
                        // counted by the caller through the system's own report
                    }
                }
            }, "bench-fill-" + i);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
