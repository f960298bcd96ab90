package dev.flashsale.adapters.wiring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.flashsale.adapters.observability.InvocationIds;
import dev.flashsale.adapters.observability.JsonLines;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * The base of every function's handler: dependency injection at init, nothing of it per invocation.
 * <p>
 * The container's application context is built (as micronaut-function-aws builds it for Lambda) and the handler's
 * beans are resolved once, in the constructor; priming runs there too, before a SnapStart snapshot. An invocation
 * then hands the event straight to those beans: no bean registered, looked up or scanned, no event published.
 * <p>
 * Why not {@code MicronautRequestHandler}: its final {@code handleRequest} registers the invocation's Lambda
 * {@code Context} and logger as new singletons on every call ({@code LambdaContextFactory}); none is ever removed
 * and each later lookup scans them all, so a warm container grew slower and bigger with every request.
 */
public abstract class FunctionHandler<I, O> implements RequestHandler<I, O>, AutoCloseable {

    /** Where the Lambda Java runtime puts each invocation's X-Ray trace header. */
    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    private final ApplicationContext context;
    private final JsonLines lines;

    /** Used by the Lambda runtime: the application context from the function's environment. */
    protected FunctionHandler() {
        this(lambdaContext());
    }

    /** Used by tests and the local runner, which bring their own context (started here if it is not yet). */
    protected FunctionHandler(ApplicationContext context) {
        this.context = context.isRunning() ? context : context.start();
        this.lines = this.context.getBean(JsonLines.class);
    }

    /**
     * How a function's application context is configured, in Lambda and in the local runner alike: the
     * {@code function} and {@code lambda} environments and configuration validated at init, as
     * micronaut-function-aws's {@code LambdaApplicationContextBuilder} sets them, but without its eager
     * singletons. Every function's jar holds the adapters of all four (one adapters module), and eager singletons
     * would build them all in every function at init: the order, admin and reconciler functions would need the
     * challenge secret they have no reason to hold (and fail without it), and pay for clients they never use.
     * The handler resolves its own beans in its constructor, so a snapshot still holds everything it uses.
     */
    public static ApplicationContextBuilder configure(ApplicationContextBuilder builder) {
        return builder.environments("function", "lambda")
                .eagerInitConfiguration(true)
                .eagerInitSingletons(false);
    }

    private static ApplicationContext lambdaContext() {
        ApplicationContext context = configure(ApplicationContext.builder()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (context.isRunning()) {
                context.close();
            }
        }));
        return context;
    }

    /** For the constructor only: resolves a bean of the container once. */
    protected final <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /**
     * Runs the hot paths once at init, so a SnapStart snapshot holds loaded, linked classes: the store reads, and a
     * JSON round trip of each sample the function reads.
     */
    protected final void prime(Priming.JsonSample... samples) {
        context.getBean(Priming.class).prime(samples);
    }

    @Override
    public final O handleRequest(I event, Context lambdaContext) {
        InvocationIds ids = new InvocationIds(lambdaContext == null ? null : lambdaContext.getAwsRequestId(),
                apiRequestId(event), InvocationIds.traceIdOf(System.getProperty(TRACE_HEADER_PROPERTY)));
        return lines.during(ids, () -> {
            try {
                return handle(event);
            } finally {
                // Before the container is frozen: a frozen container may never run again, and whatever it holds
                // back (metric counts) would be lost with it.
                afterInvocation();
            }
        });
    }

    /** One invocation: maps the event to the domain call and back. */
    protected abstract O handle(I event);

    /** API Gateway's id of the request behind the event, when there is one. */
    protected String apiRequestId(I event) {
        return null;
    }

    /** Runs after every invocation, whatever its outcome, while the container still runs. */
    protected void afterInvocation() {
    }

    @Override
    public void close() {
        context.close();
    }
}
