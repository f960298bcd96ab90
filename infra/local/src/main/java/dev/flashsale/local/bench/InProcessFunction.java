package dev.flashsale.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.template.Specs;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.Map;

/**
 * One container of a template function in the bench's own thread: its context, configured exactly as the
 * running stack configures it (plus {@code overrides}), and its handler, invoked directly to time the handler
 * alone, with no HTTP and no pool in front of it.
 */
final class InProcessFunction implements AutoCloseable {

    private final ApplicationContext context;
    private final RequestHandler<Object, Object> handler;

    @SuppressWarnings("unchecked")
    InProcessFunction(LocalSystem system, String functionId, Map<String, String> overrides) throws Exception {
        Specs.Function spec = spec(system, functionId);
        Map<String, String> environment = new HashMap<>(system.cloud().environmentOf(spec));
        environment.putAll(overrides);
        this.context = FunctionHost.contextFor("bench-" + functionId, environment).build();
        this.handler = (RequestHandler<Object, Object>) Class.forName(spec.handlerClass())
                .getConstructor(ApplicationContext.class).newInstance(context);
    }

    static Specs.Function spec(LocalSystem system, String functionId) {
        return system.template().functions(system.cloud().physicalIds()).stream()
                .filter(f -> f.logicalId().equals(functionId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no function " + functionId + " in the template"));
    }

    Object invoke(Object event) {
        return handler.handleRequest(event, null);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
