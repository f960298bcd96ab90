package dev.flashsale.adapters.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.observability.JsonLines;
import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Refusal;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Builds API Gateway proxy responses: JSON bodies, the error shape, cache headers. */
@Singleton
public class ApiResponses {

    public static final String NO_STORE = "no-store";

    private final JsonMapper json;
    private final JsonLines lines;

    public ApiResponses(JsonMapper json, JsonLines lines) {
        this.json = json;
        this.lines = lines;
    }

    public APIGatewayProxyResponseEvent json(int status, Object body, String cacheControl) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Cache-Control", cacheControl);
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(write(body));
    }

    public APIGatewayProxyResponseEvent error(Refusal refusal) {
        return error(refusal, refusal.defaultMessage());
    }

    public APIGatewayProxyResponseEvent error(Refusal refusal, String message) {
        return json(HttpStatusOf.refusal(refusal), new ErrorBody(refusal.name(), message), NO_STORE);
    }

    /** An error the edge may keep for a while ({@code cacheControl}): an unknown sale id, asked again and again. */
    public APIGatewayProxyResponseEvent cacheableError(Refusal refusal, String cacheControl) {
        return json(HttpStatusOf.refusal(refusal), new ErrorBody(refusal.name(), refusal.defaultMessage()),
                cacheControl);
    }

    public APIGatewayProxyResponseEvent error(HttpError error) {
        return error(error, error.defaultMessage());
    }

    public APIGatewayProxyResponseEvent error(HttpError error, String message) {
        return json(error.status(), new ErrorBody(error.name(), message), NO_STORE);
    }

    /** An error with {@code Retry-After} when the refusal says when trying again makes sense. */
    public APIGatewayProxyResponseEvent refused(Admission.Refused refused) {
        APIGatewayProxyResponseEvent response = error(refused.refusal(), refused.message());
        if (refused.retryAfterSeconds() > 0) {
            response.getHeaders().put("Retry-After", Long.toString(refused.retryAfterSeconds()));
        }
        return response;
    }

    /**
     * Runs a route and turns any failure into the API's error shape: a store or queue that failed is a 503 the
     * client may retry ({@link DownstreamFailure}), anything else a 500. The client never sees exception text; the log gets the type only
     * (exception messages can carry keys, and so user ids).
     */
    public APIGatewayProxyResponseEvent guard(Supplier<APIGatewayProxyResponseEvent> route) {
        try {
            return route.get();
        } catch (RuntimeException unexpected) {
            if (DownstreamFailure.isDownstream(unexpected)) {
                lines.log("WARN", "downstream-failed", Map.of("error", unexpected.getClass().getSimpleName()));
                return error(Refusal.UNAVAILABLE);
            }
            lines.log("ERROR", "request-failed", Map.of("error", unexpected.getClass().getName(),
                    "at", String.valueOf(unexpected.getStackTrace().length > 0 ? unexpected.getStackTrace()[0] : "?")));
            return error(HttpError.INTERNAL_ERROR);
        }
    }

    private String write(Object body) {
        try {
            return new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
