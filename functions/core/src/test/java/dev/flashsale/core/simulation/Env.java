package dev.flashsale.core.simulation;

import java.time.Duration;

/**
 * What the world does around each store call of an actor, as AWS allows: the actor pauses (another runs), its
 * invocation may die before or after the call (a crash, a Lambda timeout), a call may fail without landing (a
 * throttle), a write may land with its caller told it failed (a timeout), and the SDK may send a landed write
 * again. Calls from the scheduler's own thread (the checks) see none of it. Once the world is healed, nothing fails.
 */
final class Env {

    /** A call that failed without landing, as the SDK reports a throttle or a 5xx. */
    static final class Throttled extends RuntimeException {
        Throttled(String call) {
            super("throttled: " + call, null, false, false);
        }
    }

    /** A write that landed, its caller told it timed out. */
    static final class TimedOut extends RuntimeException {
        TimedOut(String call) {
            super("timed out after it landed: " + call, null, false, false);
        }
    }

    final Scheduler scheduler;
    final Choices choices;
    private Shape shape;
    private boolean healed;

    Env(Scheduler scheduler, Shape shape) {
        this.scheduler = scheduler;
        this.choices = scheduler.choices();
        this.shape = shape;
    }

    Shape shape() {
        return shape;
    }

    boolean healed() {
        return healed;
    }

    void heal() {
        healed = true;
        shape = shape.healed();
    }

    /** Whether the world's faults reach the current call: an actor's invocation that faults reach. */
    private boolean active() {
        return !healed && scheduler.current() != null && scheduler.current().faulty;
    }

    /** Before a store call: another actor may run first; then the invocation may die, or the call be refused. */
    void before(String call) {
        scheduler.pause(call);
        if (!active()) {
            return;
        }
        if (choices.chance(shape.crash() / 2)) {
            note("CRASH before " + call);
            throw new Scheduler.InvocationDied("crashed before " + call);
        }
        if (choices.chance(shape.throttle())) {
            note("THROTTLED " + call);
            throw new Throttled(call);
        }
    }

    /** After a write landed: the invocation may die, or its caller be told it timed out. */
    void landed(String call) {
        if (!active()) {
            return;
        }
        if (choices.chance(shape.crash() - shape.crash() / 2)) {
            note("CRASH after " + call + " landed");
            throw new Scheduler.InvocationDied("crashed after " + call + " landed");
        }
        if (choices.chance(shape.timeout())) {
            note("TIMEOUT after " + call + " landed");
            throw new TimedOut(call);
        }
    }

    /** Whether the SDK sends this landed write again (its first answer lost). */
    boolean sdkRetry(String call) {
        if (active() && choices.chance(shape.sdkRetry())) {
            note("SDK RETRY of " + call + " (first attempt landed)");
            return true;
        }
        return false;
    }

    /** How long this write takes to show in an index. */
    Duration indexLag() {
        if (healed || shape.maxIndexLagMillis() == 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(choices.next(shape.maxIndexLagMillis() + 1));
    }

    void note(String what) {
        Scheduler.Actor actor = scheduler.current();
        scheduler.trace().add(scheduler.now(), actor == null ? "world" : actor.name, what);
    }
}
