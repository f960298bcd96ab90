package dev.flashsale.core.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * A deterministic scheduler for actors that are ordinary blocking Java code (the core's real classes). Each actor
 * runs on its own thread, but only the holder of the baton runs: an actor hands the baton back at every store call
 * ({@link #pause}), and the scheduler, on the calling thread, picks the next actor with {@link Choices}. One thread
 * runs at a time, so a run is a sequence of steps decided by its seed alone, and the same seed is the same run.
 * <p>
 * Time is simulated: one true clock that the scheduler moves, and a clock per actor that is the true clock plus
 * the actor's skew. An actor may sleep (it is not picked until its wake-up time); when every live actor sleeps,
 * time jumps to the first wake-up.
 */
final class Scheduler {

    /** Unwinds an actor still alive at the end of a run. */
    static final class Killed extends Error {
        Killed() {
            super("killed at the end of the run", null, false, false);
        }
    }

    /** One actor: a name, a body, its skew, and where it is. */
    final class Actor {
        final String name;
        final Duration skew;
        final Clock clock;
        private final Consumer<Actor> body;
        private final Semaphore baton = new Semaphore(0);
        private Thread thread;
        private boolean done;
        private boolean killed;
        Instant wakeAt = Instant.MIN;
        /** The end of the actor's current Lambda invocation (its timeout); null outside one. */
        Instant deadline;
        /** Whether the world's faults reach the current invocation (crash, timeout, throttle, SDK retry). */
        boolean faulty;
        /** Inside an invocation (a Lambda running). */
        boolean invoking;
        String lastCall = "";

        private Actor(String name, Duration skew, Consumer<Actor> body) {
            this.name = name;
            this.skew = skew;
            this.body = body;
            this.clock = new SkewedClock(skew);
        }

        boolean done() {
            return done;
        }
    }

    /** A Lambda invocation that ran past its timeout, or died: nothing after it runs. */
    static final class InvocationDied extends Error {
        InvocationDied(String why) {
            super(why, null, false, false);
        }
    }

    private final class SkewedClock extends Clock {
        private final Duration skew;

        SkewedClock(Duration skew) {
            this.skew = skew;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.plus(skew);
        }
    }

    private final Semaphore back = new Semaphore(0);
    private final ThreadLocal<Actor> current = new ThreadLocal<>();
    private final List<Actor> actors = new ArrayList<>();
    private final Choices choices;
    private final Trace trace;
    private volatile Instant now;
    private long steps;

    Scheduler(Choices choices, Instant start, Trace trace) {
        this.choices = choices;
        this.now = start;
        this.trace = trace;
    }

    Instant now() {
        return now;
    }

    void advance(Duration by) {
        if (!by.isNegative() && !by.isZero()) {
            now = now.plus(by);
        }
    }

    long steps() {
        return steps;
    }

    Choices choices() {
        return choices;
    }

    Trace trace() {
        return trace;
    }

    Actor spawn(String name, Duration skew, Consumer<Actor> body) {
        Actor actor = new Actor(name, skew, body);
        actors.add(actor);
        trace.add(now, "world", "spawn " + name);
        return actor;
    }

    /** The actor on this thread; null on the scheduler's own thread (the checks), which never pauses. */
    Actor current() {
        return current.get();
    }

    boolean alive(String namePrefix) {
        for (Actor actor : actors) {
            if (!actor.done && actor.name.startsWith(namePrefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an invocation that cannot fail is running: time may not leap past its timeout. */
    boolean invulnerableRunning() {
        for (Actor actor : actors) {
            if (!actor.done && actor.invoking && !actor.faulty) {
                return true;
            }
        }
        return false;
    }

    /** Called by an actor before a store call: the baton goes back, and the actor waits to be picked again. */
    void pause(String call) {
        Actor actor = current.get();
        if (actor == null) {
            return;
        }
        actor.lastCall = call;
        trace.add(now, actor.name, call);
        back.release();
        actor.baton.acquireUninterruptibly();
        if (actor.killed) {
            throw new Killed();
        }
        if (actor.deadline != null && now.isAfter(actor.deadline)) {
            throw new InvocationDied("timed out (Lambda) before " + call);
        }
    }

    /** The actor sleeps {@code duration} of simulated time. */
    void sleep(Duration duration) {
        Actor actor = current.get();
        actor.wakeAt = now.plus(duration);
        pause("sleep " + duration.toMillis() + "ms");
    }

    /** One step: the chosen runnable actor runs to its next pause. False when no actor is alive. */
    boolean step() {
        actors.removeIf(actor -> actor.done);
        if (actors.isEmpty()) {
            return false;
        }
        List<Actor> runnable = runnable();
        if (runnable.isEmpty()) {
            now = nextWake();
            runnable = runnable();
        }
        resume(runnable.get(choices.next(runnable.size())));
        steps++;
        return true;
    }

    /** Whether an actor may run now (not asleep). */
    boolean anyRunnable() {
        actors.removeIf(actor -> actor.done);
        return !runnable().isEmpty();
    }

    /** The first wake-up of a sleeping actor; {@link Instant#MAX} when none. */
    Instant nextWake() {
        Instant first = Instant.MAX;
        for (Actor actor : actors) {
            if (!actor.done && actor.wakeAt.isBefore(first)) {
                first = actor.wakeAt;
            }
        }
        return first;
    }

    private List<Actor> runnable() {
        List<Actor> runnable = new ArrayList<>();
        for (Actor actor : actors) {
            if (!actor.wakeAt.isAfter(now)) {
                runnable.add(actor);
            }
        }
        return runnable;
    }

    private void resume(Actor actor) {
        if (actor.thread == null) {
            actor.thread = Carrier.start("sim-" + actor.name, () -> run(actor));
        } else {
            actor.baton.release();
        }
        back.acquireUninterruptibly();
    }

    private void run(Actor actor) {
        current.set(actor);
        try {
            actor.body.accept(actor);
        } catch (Killed killed) {
            // the run is over
        } catch (Throwable escaped) {
            trace.escaped(actor.name, escaped);
        } finally {
            actor.done = true;
            back.release();
        }
    }

    /** Ends every actor still alive (a crash of each: allowed at any point), waiting for each to unwind. */
    void killAll() {
        for (Actor actor : actors) {
            if (actor.done) {
                continue;
            }
            if (actor.thread == null) {
                actor.done = true;
                continue;
            }
            actor.killed = true;
            actor.baton.release();
            back.acquireUninterruptibly();
        }
        actors.clear();
    }
}
