package dev.flashsale.reconciler;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.flashsale.adapters.wiring.FunctionHandler;
import io.micronaut.context.ApplicationContext;

/**
 * The reconciler, on a schedule: releases reservations that never became orders, and mirrors the blocklist's
 * addresses into the WAF IP set (when the stack has a WAF).
 */
public class ReconcilerHandler extends FunctionHandler<ScheduledEvent, String> {

    private final ReconcilerRun run;

    /** Used by the Lambda runtime: builds the application context from the environment. */
    public ReconcilerHandler() {
        this.run = bean(ReconcilerRun.class);
        prime(); // before a SnapStart snapshot
    }

    /** Used by tests and the local runner, which bring their own context. */
    public ReconcilerHandler(ApplicationContext context) {
        super(context);
        this.run = bean(ReconcilerRun.class);
        prime();
    }

    @Override
    protected String handle(ScheduledEvent event) {
        return run.run();
    }
}
