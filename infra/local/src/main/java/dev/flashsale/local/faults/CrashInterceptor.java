package dev.flashsale.local.faults;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Set;

/**
 * Kills a function container between two of its writes. The SDK loads this interceptor for every client from the
 * runner's class path ({@code software/amazon/awssdk/global/handlers/execution.interceptors}), so the functions'
 * own clients carry it without a line of production code knowing. It is inert unless the function host armed the
 * invocation running on this thread ({@link #arm}); an armed invocation dies right before or right after the write
 * its plan names, and everything it tries afterwards dies too: a dead process writes nothing more.
 */
public final class CrashInterceptor implements ExecutionInterceptor {

    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems", "SendMessage", "SendMessageBatch");

    /** One invocation's plan: die once {@code crashAfter} writes went through (0: before the first). */
    public static final class Plan {
        private final String function;
        private final int crashAfter;
        private final Runnable onCrash;
        private int writes;
        private boolean dead;

        public Plan(String function, int crashAfter, Runnable onCrash) {
            this.function = function;
            this.crashAfter = crashAfter;
            this.onCrash = onCrash;
        }

        public int writes() {
            return writes;
        }

        public boolean crashed() {
            return dead;
        }

        private ContainerCrash die(String where) {
            if (!dead) {
                dead = true;
                onCrash.run();
            }
            return new ContainerCrash(function + " container killed " + where);
        }
    }

    private static final ThreadLocal<Plan> ARMED = new ThreadLocal<>();

    public static void arm(Plan plan) {
        ARMED.set(plan);
    }

    public static void disarm() {
        ARMED.remove();
    }

    private static boolean isWrite(ExecutionAttributes attributes) {
        return WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Plan plan = ARMED.get();
        if (plan == null) {
            return;
        }
        if (plan.dead) {
            throw plan.die("(already dead)");
        }
        if (plan.crashAfter == 0 && plan.writes == 0 && isWrite(attributes)) {
            throw plan.die("before its first AWS write");
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Plan plan = ARMED.get();
        if (plan == null || !isWrite(attributes)) {
            return;
        }
        plan.writes++;
        if (plan.writes == plan.crashAfter) {
            throw plan.die("after write " + plan.writes + " ("
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + ")");
        }
    }
}
