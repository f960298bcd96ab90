package dev.flashsale.local.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.flashsale.local.cloud.SdkSettings;
import dev.flashsale.local.template.Specs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One function of the template, loaded in this JVM: its handler class built with an application context whose
 * only configuration is the function's environment (read with the environment-variable convention, exactly as
 * in Lambda), and a concurrency cap equal to its reserved concurrency.
 */
public final class FunctionHost implements AutoCloseable {

    /** Thrown when the function is at its reserved concurrency (Lambda's throttle). */
    public static final class Throttled extends RuntimeException {
        Throttled(String function) {
            super(function + " is at its reserved concurrency");
        }
    }

    private final Specs.Function spec;
    private final ApplicationContext context;
    private final RequestHandler<Object, Object> handler;
    private final Semaphore slots;

    private FunctionHost(Specs.Function spec, ApplicationContext context, RequestHandler<Object, Object> handler) {
        this.spec = spec;
        this.context = context;
        this.handler = handler;
        this.slots = new Semaphore(spec.reservedConcurrency() == null ? 1000 : spec.reservedConcurrency(), true);
    }

    @SuppressWarnings("unchecked")
    public static FunctionHost start(Specs.Function spec, Map<String, String> environment) {
        Map<String, Object> functionEnvironment = new HashMap<>();
        environment.forEach((name, value) -> {
            if (SdkSettings.isSdkVariable(name)) {
                System.setProperty(SdkSettings.systemProperty(name), value);
            } else {
                functionEnvironment.put(name, value);
            }
        });
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .propertySources(PropertySource.of("function-environment:" + spec.logicalId(), functionEnvironment,
                        PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .build();
        try {
            Class<?> type = Class.forName(spec.handlerClass());
            Object handler = type.getConstructor(ApplicationContext.class).newInstance(context);
            return new FunctionHost(spec, context, (RequestHandler<Object, Object>) handler);
        } catch (ReflectiveOperationException e) {
            context.close();
            throw new IllegalStateException("cannot load handler " + spec.handlerClass() + " of " + spec.logicalId(), e);
        }
    }

    public Specs.Function spec() {
        return spec;
    }

    public int reservedConcurrency() {
        return spec.reservedConcurrency() == null ? Integer.MAX_VALUE : spec.reservedConcurrency();
    }

    /** Invokes the handler; throws {@link Throttled} when every reserved slot stays busy for a short wait. */
    public Object invoke(Object event) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Throttled(spec.logicalId());
        }
        if (!acquired) {
            throw new Throttled(spec.logicalId());
        }
        try {
            return handler.handleRequest(event, new LocalLambdaContext(spec.logicalId(), spec.timeoutSeconds(), 1024));
        } finally {
            slots.release();
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
