package dev.flashsale.adapters.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.core.decision.Refusal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A function's route table, matched on the event's {@code resource} (the path template that {@code template.yaml}
 * declares and API Gateway reports) and method. An unknown resource answers 404 {@code NOT_FOUND}, a known one
 * with another method 405 {@code METHOD_NOT_ALLOWED}. Built once, in the mapping's constructor.
 */
public final class Routes {

    /** The code that answers one route. */
    public interface Route extends Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    }

    private final Map<String, Map<String, Route>> byResource = new HashMap<>();
    private final ApiResponses responses;

    public Routes(ApiResponses responses) {
        this.responses = responses;
    }

    public Routes on(String method, String resource, Route route) {
        byResource.computeIfAbsent(resource, r -> new HashMap<>()).put(method, route);
        return this;
    }

    public boolean serves(APIGatewayProxyRequestEvent event) {
        return byResource.containsKey(String.valueOf(event.getResource()));
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        Map<String, Route> methods = byResource.get(String.valueOf(event.getResource()));
        if (methods == null) {
            return responses.error(HttpError.NOT_FOUND);
        }
        Route route = methods.get(String.valueOf(event.getHttpMethod()));
        return route == null ? responses.error(HttpError.METHOD_NOT_ALLOWED) : route.apply(event);
    }

    /** A path parameter of the route's template ({@code {saleId}}), or null. */
    public static String path(APIGatewayProxyRequestEvent event, String name) {
        return event.getPathParameters() == null ? null : event.getPathParameters().get(name);
    }

    /** A query-string parameter, or null. */
    public static String query(APIGatewayProxyRequestEvent event, String name) {
        return event.getQueryStringParameters() == null ? null : event.getQueryStringParameters().get(name);
    }
}
