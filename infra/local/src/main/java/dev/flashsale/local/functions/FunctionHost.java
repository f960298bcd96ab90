package dev.flashsale.local.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.flashsale.adapters.time.Ticker;
import dev.flashsale.adapters.wiring.FunctionHandler;
import dev.flashsale.local.cloud.SdkSettings;
import dev.flashsale.local.faults.ContainerCrash;
import dev.flashsale.local.template.Specs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.context.env.PropertySource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One function of the template, run in this JVM the way Lambda runs it: as containers, each a handler instance
 * with its own application context (so its own SDK clients and in-memory caches) that serves one invocation at
 * a time. Containers start on demand up to the function's reserved concurrency, capped by what this machine can
 * hold; a request that finds every container busy waits briefly for one, then is throttled like Lambda.
 * The only configuration a container gets is the function's environment, read with the environment-variable
 * convention, exactly as in Lambda.
 */
public final class FunctionHost implements AutoCloseable {

    /** Thrown when every container stayed busy (Lambda's throttle at reserved concurrency). */
    public static final class Throttled extends RuntimeException {
        Throttled(String function) {
            super(function + " is at its concurrency limit");
        }
    }

    /** Thrown when the container died during the invocation; the gateway answers 502, a queue retries the batch. */
    public static final class Crashed extends RuntimeException {
        Crashed(String function, Throwable crash) {
            super(function + " container died: " + crash.getMessage());
        }
    }

    /** Containers this machine holds per function at most: each is a full application context. */
    public static final int LOCAL_CONTAINER_CAP = 16;

    private record Container(ApplicationContext context, RequestHandler<Object, Object> handler) {
    }

    private final Specs.Function spec;
    private final Map<String, String> environment;
    private final Clock clock; // null: the function's own
    private final int maxContainers;
    private final LinkedBlockingDeque<Container> idle = new LinkedBlockingDeque<>();
    private final LongAdder invocations = new LongAdder();
    private final LongAdder busyNanos = new LongAdder();
    private final List<Container> all = new ArrayList<>();
    private int starting; // containers being built outside the lock, counted against the cap
    private volatile InvocationHook hook = InvocationHook.NONE;

    private FunctionHost(Specs.Function spec, Map<String, String> environment, Clock clock) {
        this.spec = spec;
        this.environment = environment;
        this.clock = clock;
        int reserved = spec.reservedConcurrency() == null ? Integer.MAX_VALUE : spec.reservedConcurrency();
        this.maxContainers = Math.max(1, Math.min(reserved, LOCAL_CONTAINER_CAP));
    }

    /** Starts the function with one warm container, so a configuration error fails now, not at the first call. */
    public static FunctionHost start(Specs.Function spec, Map<String, String> environment) {
        return start(spec, environment, null);
    }

    /** The same, its containers reading {@code clock} (the stack's, see {@link StackClock}) for the time. */
    public static FunctionHost start(Specs.Function spec, Map<String, String> environment, Clock clock) {
        FunctionHost host = new FunctionHost(spec, Map.copyOf(environment), clock);
        host.idle.add(host.newContainer());
        return host;
    }

    /**
     * An application context configured as a function with this environment is in Lambda: the SDK's variables
     * become its system properties (this JVM's environment cannot be set), the rest a property source read with
     * the environment-variable convention.
     */
    public static ApplicationContextBuilder contextFor(String name, Map<String, String> environment) {
        Map<String, Object> functionEnvironment = new HashMap<>(SdkSettings.apply(environment));
        return FunctionHandler.configure(ApplicationContext.builder())
                .deduceEnvironment(false)
                .propertySources(PropertySource.of(name, functionEnvironment,
                        PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE));
    }

    public Specs.Function spec() {
        return spec;
    }

    public int reservedConcurrency() {
        return spec.reservedConcurrency() == null ? Integer.MAX_VALUE : spec.reservedConcurrency();
    }

    public void hook(InvocationHook hook) {
        this.hook = hook;
    }

    /**
     * Invokes the handler in an idle container; throws {@link Throttled} when none frees up in time, and
     * {@link Crashed} when the container died on the way (it is then discarded, as Lambda discards the sandbox).
     */
    public Object invoke(Object event) {
        Container container = acquire();
        long started = System.nanoTime();
        InvocationHook seen = hook;
        boolean died = false;
        try {
            seen.begin(spec.logicalId(), event);
            return container.handler().handleRequest(event,
                    new LocalLambdaContext(spec.logicalId(), spec.timeoutSeconds(), 1024));
        } catch (ContainerCrash crash) {
            died = true;
            throw new Crashed(spec.logicalId(), crash);
        } finally {
            seen.end(spec.logicalId());
            busyNanos.add(System.nanoTime() - started);
            invocations.increment();
            if (died) {
                discard(container);
            } else {
                idle.addFirst(container); // the warmest container first, as Lambda reuses recent ones
            }
        }
    }

    private synchronized void discard(Container container) {
        all.remove(container);
        container.context().close();
    }

    private Container acquire() {
        Container container = idle.pollFirst();
        if (container != null) {
            return container;
        }
        boolean mayStart;
        synchronized (this) {
            mayStart = all.size() + starting < maxContainers;
            if (mayStart) {
                starting++;
            }
        }
        if (mayStart) {
            // Built outside the lock: a cold start (a second or more) must not hold up warm containers' returns.
            try {
                return newContainer();
            } finally {
                synchronized (this) {
                    starting--;
                }
            }
        }
        try {
            container = idle.pollFirst(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (container == null) {
            throw new Throttled(spec.logicalId());
        }
        return container;
    }

    @SuppressWarnings("unchecked")
    private Container newContainer() {
        ApplicationContext context = contextFor("function-environment:" + spec.logicalId(), environment).build();
        if (clock != null) {
            context.registerBeanDefinition(RuntimeBeanDefinition.builder(Clock.class, () -> clock)
                    .replaces(Clock.class).build());
        }
        if (clock instanceof StackClock stack) {
            context.registerBeanDefinition(RuntimeBeanDefinition.builder(Ticker.class, () -> (Ticker) stack::nanos)
                    .replaces(Ticker.class).build());
        }
        try {
            Class<?> type = Class.forName(spec.handlerClass());
            Object handler = type.getConstructor(ApplicationContext.class).newInstance(context);
            Container container = new Container(context, (RequestHandler<Object, Object>) handler);
            synchronized (this) {
                all.add(container);
            }
            return container;
        } catch (ReflectiveOperationException e) {
            context.close();
            throw new IllegalStateException("cannot load handler " + spec.handlerClass() + " of " + spec.logicalId(),
                    e.getCause() == null ? e : e.getCause());
        }
    }

    /** Invocations so far and their mean duration (what Lambda would bill, on this machine's CPU). */
    public record Usage(long invocations, double meanMillis) {
    }

    public Usage usage() {
        long count = invocations.sum();
        return new Usage(count, count == 0 ? 0 : busyNanos.sum() / 1e6 / count);
    }

    @Override
    public synchronized void close() {
        all.forEach(container -> container.context().close());
        all.clear();
        idle.clear();
    }
}
