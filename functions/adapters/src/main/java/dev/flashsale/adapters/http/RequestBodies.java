package dev.flashsale.adapters.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads JSON request bodies with the API's limits: at most 4 KiB, one well-formed object of the contract's shape
 * ({@link StrictJson}), then bound to its record.
 */
@Singleton
public class RequestBodies {

    public static final int MAX_BODY_BYTES = 4 * 1024;

    /** Why a body could not be read. */
    public enum Problem { TOO_LARGE, MALFORMED }

    /** Either a value or a problem, with a message for the client that names the field when there is one. */
    public record Read<T>(T value, Problem problem, String message) {

        Read(T value, Problem problem) {
            this(value, problem, null);
        }
    }

    private final JsonMapper json;

    public RequestBodies(JsonMapper json) {
        this.json = json;
    }

    public <T> Read<T> read(APIGatewayProxyRequestEvent event, Class<T> type, JsonShape shape) {
        byte[] bytes = bytes(event);
        if (bytes.length > MAX_BODY_BYTES) {
            return new Read<>(null, Problem.TOO_LARGE);
        }
        if (bytes.length == 0) {
            return new Read<>(null, Problem.MALFORMED, "The request needs a JSON body.");
        }
        Optional<String> problem = StrictJson.problem(bytes, shape);
        if (problem.isPresent()) {
            return new Read<>(null, Problem.MALFORMED, problem.get());
        }
        try {
            return Optional.ofNullable(json.readValue(bytes, type))
                    .map(value -> new Read<T>(value, null))
                    .orElseGet(() -> new Read<>(null, Problem.MALFORMED));
        } catch (Exception malformed) {
            // Any parse failure is the client's: the message never echoes the parser's text.
            return new Read<>(null, Problem.MALFORMED);
        }
    }

    private static byte[] bytes(APIGatewayProxyRequestEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException notBase64) {
                return new byte[0];
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
