package dev.flashsale.adapters.aws;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;

/**
 * SDK clients, built once per container. The URL-connection HTTP client starts fastest; region and endpoint come
 * from the SDK's standard sources ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS},
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE}
 * or their {@code aws.*} system properties), so nothing here knows whether it runs in AWS or locally.
 */
@Factory
public class AwsClientFactory {

    @Singleton
    SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Singleton
    DynamoDbClient dynamoDb(SdkHttpClient httpClient) {
        return DynamoDbClient.builder().httpClient(httpClient).build();
    }

    @Singleton
    SqsClient sqs(SdkHttpClient httpClient) {
        return SqsClient.builder().httpClient(httpClient).build();
    }

    /** Built once per container, by the functions that publish order events (the others never ask for it). */
    @Singleton
    EventBridgeClient eventBridge(SdkHttpClient httpClient) {
        return EventBridgeClient.builder().httpClient(httpClient).build();
    }
}
