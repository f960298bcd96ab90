package dev.flashsale.reconciler;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.flashsale.adapters.aws.Priming;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;

/**
 * The reconciler, on a schedule: releases reservations that never became orders, and mirrors the blocklist's
 * addresses into the WAF IP set (when the stack has a WAF).
 */
public class ReconcilerHandler extends MicronautRequestHandler<ScheduledEvent, String> {

    private final ReconcilerRun run;

    /** Used by the Lambda runtime: builds the application context from the environment. */
    public ReconcilerHandler() {
        this.run = getApplicationContext().getBean(ReconcilerRun.class);
        getApplicationContext().getBean(Priming.class).prime(); // before a SnapStart snapshot
    }

    /** Used by tests and the local runner, which bring their own context. */
    public ReconcilerHandler(ApplicationContext context) {
        super(context);
        this.run = context.getBean(ReconcilerRun.class);
        context.getBean(Priming.class).prime();
    }

    @Override
    public String execute(ScheduledEvent event) {
        return run.run();
    }
}
