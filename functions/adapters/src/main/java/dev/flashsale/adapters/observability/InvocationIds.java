package dev.flashsale.adapters.observability;

/**
 * The ids that tie one invocation's log lines to the rest of AWS: the Lambda request id (the function's own log
 * stream and REPORT line), API Gateway's request id (its access log and the client's {@code x-amzn-RequestId}) and
 * the X-Ray trace id. Any of them may be absent (an SQS batch has no API request; tracing may be off).
 */
public record InvocationIds(String requestId, String apiRequestId, String traceId) {

    /** The trace id from an X-Ray header ({@code Root=1-...;Parent=...;Sampled=1}), or null. */
    public static String traceIdOf(String traceHeader) {
        if (traceHeader == null || traceHeader.isBlank()) {
            return null;
        }
        for (String part : traceHeader.split(";")) {
            String field = part.strip();
            if (field.startsWith("Root=")) {
                return field.substring("Root=".length());
            }
        }
        return null;
    }
}
