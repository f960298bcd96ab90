package dev.flashsale.local.cloud;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * An AWS emulator serving DynamoDB, SQS and Secrets Manager behind one endpoint (LocalStack, moto_server...), and
 * the name this stack's resources get there: every table, queue and secret is named {@code <stackName>-<LogicalId>},
 * so two stacks share one emulator without meeting, and a second start under the same name reuses them.
 */
public record AwsEmulator(URI endpoint, String stackName) {

    /** What LocalStack and moto accept: LocalStack's account is derived from the key, moto takes any. */
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";

    // Queue names allow 80 characters of [A-Za-z0-9_-]; the longest logical id of the template is ~25.
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,39}");

    public AwsEmulator {
        if (endpoint == null || endpoint.getHost() == null
                || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException("--aws-endpoint needs an http(s) URL such as http://127.0.0.1:4566, not "
                    + endpoint);
        }
        if (stackName == null || !STACK_NAME.matcher(stackName).matches()) {
            throw new IllegalArgumentException("--stack-name must be 1-40 letters, digits or '-', starting with a "
                    + "letter, not " + stackName);
        }
    }

    public static AwsEmulator of(String endpoint, String stackName) {
        try {
            return new AwsEmulator(URI.create(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1)
                    : endpoint), stackName);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("--")) {
                throw e;
            }
            throw new IllegalArgumentException("--aws-endpoint needs an http(s) URL such as http://127.0.0.1:4566, not "
                    + endpoint);
        }
    }

    /** The physical name of a template resource on the emulator. */
    public String physicalName(String logicalId) {
        return stackName + "-" + logicalId;
    }

    /** Thrown when the endpoint does not answer, or answers without one of the services the stack needs. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
