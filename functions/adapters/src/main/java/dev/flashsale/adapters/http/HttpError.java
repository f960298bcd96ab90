package dev.flashsale.adapters.http;

/**
 * The HTTP mapping's own errors: about the request as HTTP (its route, method, body or token) or a failure of the
 * handler itself, never a decision of the domain (those are {@code Refusal}s). Same shape on the wire.
 */
public enum HttpError {
    PAYLOAD_TOO_LARGE(413, "The request body is larger than " + RequestBodies.MAX_BODY_BYTES / 1024 + " KiB."),
    UNSUPPORTED_MEDIA_TYPE(415, "The body must be sent as Content-Type: application/json."),
    UNAUTHORIZED(401, "Sign in first: this route needs a valid token in the Authorization header."),
    NOT_FOUND(404, "No such route."),
    METHOD_NOT_ALLOWED(405, "That method is not allowed on this route."),
    INTERNAL_ERROR(500, "Something went wrong on our side.");

    private final int status;
    private final String defaultMessage;

    HttpError(int status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    public int status() {
        return status;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
