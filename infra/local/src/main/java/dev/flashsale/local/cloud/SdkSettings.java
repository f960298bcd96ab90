package dev.flashsale.local.cloud;

import java.util.Map;

/** The AWS SDK for Java's system-property names for the standard AWS environment variables. */
public final class SdkSettings {

    private static final Map<String, String> PROPERTY_OF = Map.of(
            "AWS_REGION", "aws.region",
            "AWS_ACCESS_KEY_ID", "aws.accessKeyId",
            "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey",
            "AWS_ENDPOINT_URL", "aws.endpointUrl",
            "AWS_ENDPOINT_URL_DYNAMODB", "aws.endpointUrlDynamoDb",
            "AWS_ENDPOINT_URL_SQS", "aws.endpointUrlSqs");

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
}
