package dev.flashsale.local.cloud;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS SDK for Java's system-property forms of the standard AWS environment variables, and the one place that
 * sets them: code in this JVM cannot be given environment variables, so the functions and the runner's own clients
 * get region, credentials and {@code AWS_ENDPOINT_URL[_<SERVICE>]} this documented way.
 */
public final class SdkSettings {

    private static final Map<String, String> PROPERTY_OF = Map.of(
            "AWS_REGION", "aws.region",
            "AWS_ACCESS_KEY_ID", "aws.accessKeyId",
            "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey",
            "AWS_ENDPOINT_URL", "aws.endpointUrl",
            "AWS_ENDPOINT_URL_DYNAMODB", "aws.endpointUrlDynamoDb",
            "AWS_ENDPOINT_URL_SQS", "aws.endpointUrlSqs",
            "AWS_ENDPOINT_URL_EVENTBRIDGE", "aws.endpointUrlEventBridge");

    private SdkSettings() {
    }

    public static boolean isSdkVariable(String name) {
        return PROPERTY_OF.containsKey(name);
    }

    public static String systemProperty(String variable) {
        String property = PROPERTY_OF.get(variable);
        if (property == null) {
            throw new IllegalArgumentException(variable + " is not an SDK variable");
        }
        return property;
    }

    /**
     * Sets the SDK's system property for each SDK variable of {@code environment}; answers the other variables
     * (the function's own settings), in their order.
     */
    public static Map<String, String> apply(Map<String, String> environment) {
        Map<String, String> others = new LinkedHashMap<>();
        environment.forEach((variable, value) -> {
            if (isSdkVariable(variable)) {
                System.setProperty(systemProperty(variable), value);
            } else {
                others.put(variable, value);
            }
        });
        return others;
    }

    /** Forgets the per-service endpoints, so that {@code AWS_ENDPOINT_URL} alone counts. */
    public static void clearServiceEndpoints() {
        System.clearProperty(systemProperty("AWS_ENDPOINT_URL_DYNAMODB"));
        System.clearProperty(systemProperty("AWS_ENDPOINT_URL_SQS"));
    }
}
