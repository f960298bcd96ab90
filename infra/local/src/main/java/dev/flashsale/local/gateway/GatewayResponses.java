package dev.flashsale.local.gateway;

import dev.flashsale.local.JsonText;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway's own answers (a missing or bad signature, a refused caller...) as the template's
 * {@code GatewayResponses} shape them: the type's status code, headers and {@code application/json} template,
 * else {@code DEFAULT_4XX} / {@code DEFAULT_5XX}, else AWS's {@code {"message": ...}}. The template variables
 * {@code $context.error.message}, {@code messageString} and {@code responseType} are filled in as AWS does.
 */
public final class GatewayResponses {

    /** A rendered answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    /** AWS's status code for each response type the local gateway gives. */
    private static final Map<String, Integer> DEFAULT_STATUS = Map.of(
            "MISSING_AUTHENTICATION_TOKEN", 403,
            "INVALID_SIGNATURE", 403,
            "EXPIRED_TOKEN", 403,
            "ACCESS_DENIED", 403,
            "INVALID_API_KEY", 403,
            "UNAUTHORIZED", 401,
            "THROTTLED", 429,
            "REQUEST_TOO_LARGE", 413,
            "INTEGRATION_FAILURE", 504);
    /** The x-amzn-ErrorType API Gateway adds to each. */
    private static final Map<String, String> ERROR_TYPE = Map.of(
            "MISSING_AUTHENTICATION_TOKEN", "MissingAuthenticationTokenException",
            "INVALID_SIGNATURE", "InvalidSignatureException",
            "EXPIRED_TOKEN", "ExpiredTokenException",
            "ACCESS_DENIED", "AccessDeniedException",
            "INVALID_API_KEY", "ForbiddenException");
    private static final String AWS_TEMPLATE = "{\"message\":$context.error.messageString}";

    private final Map<String, Map<String, Object>> byType;

    /** {@code gatewayResponses}: the API's {@code GatewayResponses} property as the template writes it. */
    public GatewayResponses(Map<String, Object> gatewayResponses) {
        Map<String, Map<String, Object>> types = new LinkedHashMap<>();
        gatewayResponses.forEach((type, definition) -> types.put(type, map(definition)));
        this.byType = types;
    }

    public Answer render(String type, String message) {
        Map<String, Object> own = byType.getOrDefault(type, Map.of());
        Object ownStatus = own.get("StatusCode");
        int status = ownStatus != null ? Integer.parseInt(String.valueOf(ownStatus))
                : DEFAULT_STATUS.getOrDefault(type, 400);
        Map<String, Object> fallback = byType.getOrDefault(status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX", Map.of());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (ERROR_TYPE.containsKey(type)) {
            headers.put("x-amzn-ErrorType", ERROR_TYPE.get(type));
        }
        headersOf(fallback).forEach(headers::put);
        headersOf(own).forEach(headers::put);
        String template = templateOf(own);
        if (template == null) {
            template = templateOf(fallback);
        }
        if (template == null) {
            template = AWS_TEMPLATE;
        }
        String body = template
                .replace("$context.error.messageString", JsonText.quote(message))
                .replace("$context.error.message", message)
                .replace("$context.error.responseType", type);
        return new Answer(status, headers, body);
    }

    private static Map<String, String> headersOf(Map<String, Object> definition) {
        Map<String, String> headers = new LinkedHashMap<>();
        map(map(definition.get("ResponseParameters")).get("Headers")).forEach((name, value) -> {
            String text = String.valueOf(value);
            // A static value is written in single quotes ("'1'").
            headers.put(name, text.length() >= 2 && text.startsWith("'") && text.endsWith("'")
                    ? text.substring(1, text.length() - 1) : text);
        });
        return headers;
    }

    private static String templateOf(Map<String, Object> definition) {
        Object template = map(definition.get("ResponseTemplates")).get("application/json");
        return template == null ? null : String.valueOf(template);
    }


    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
