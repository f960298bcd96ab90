package dev.flashsale.local.cloud;

import dev.flashsale.local.template.SecretStrings;
import dev.flashsale.local.template.Specs;
import dev.flashsale.local.template.StackTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates the template's tables (keys, indexes, TTL), queues (visibility timeout, redrive to the dead-letter queue)
 * and secrets on an AWS emulator with ordinary SDK calls, under the stack's name prefix. Idempotent: what exists is
 * reused (a missing index is added, queue attributes are set to the template's), so a second start on the same
 * emulator finds its data again.
 */
public final class EmulatorProvisioner {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final AwsEmulator emulator;
    private final StackTemplate template;

    public EmulatorProvisioner(AwsEmulator emulator, StackTemplate template) {
        this.emulator = emulator;
        this.template = template;
    }

    /** Checks the endpoint answers and serves the three services, then creates or reuses every resource. */
    public EmulatorStack provision() {
        requireAnswer();
        try (SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(Duration.ofSeconds(30)).build();
             DynamoDbClient dynamo = client(DynamoDbClient.builder(), http);
             SqsClient sqs = client(SqsClient.builder(), http);
             SecretsManagerClient secrets = client(SecretsManagerClient.builder(), http)) {
            requireService("DynamoDB", () -> dynamo.listTables(b -> b.limit(1)));
            requireService("SQS", () -> sqs.listQueues(b -> b.maxResults(1)));
            requireService("Secrets Manager", () -> secrets.listSecrets(b -> b.maxResults(1)));

            Map<String, String> tableNames = new LinkedHashMap<>();
            Map<String, String> tableArns = new LinkedHashMap<>();
            for (Specs.Table table : template.tables()) {
                TableDescription description = table(dynamo, table);
                tableNames.put(table.logicalId(), description.tableName());
                tableArns.put(table.logicalId(), description.tableArn());
            }
            Map<String, String> queueUrls = new LinkedHashMap<>();
            Map<String, String> queueArns = new LinkedHashMap<>();
            queues(sqs, queueUrls, queueArns);
            Map<String, String> secretArns = new LinkedHashMap<>();
            for (String logicalId : template.resourcesOfType("AWS::SecretsManager::Secret").keySet()) {
                secretArns.put(logicalId, secret(secrets, logicalId));
            }
            return new EmulatorStack(emulator, tableNames, tableArns, queueUrls, queueArns, secretArns);
        }
    }

    private <B extends AwsClientBuilder<B, C>, C> C client(B builder, SdkHttpClient http) {
        // Only the one setting counts: the emulator's endpoint, its conventional region and credentials.
        return builder.endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY)))
                .overrideConfiguration(c -> c.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build()))
                .build();
    }

    private void requireAnswer() {
        String host = emulator.endpoint().getHost();
        int port = emulator.endpoint().getPort() > 0 ? emulator.endpoint().getPort()
                : "https".equals(emulator.endpoint().getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            throw new AwsEmulator.Unavailable("no AWS emulator answers at " + emulator.endpoint() + " ("
                    + firstLine(e.getMessage()) + "); start one (moto_server -H 127.0.0.1 -p PORT, or LocalStack) "
                    + "or fix --aws-endpoint");
        }
    }

    private void requireService(String service, Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            throw new AwsEmulator.Unavailable("the AWS emulator at " + emulator.endpoint() + " does not serve "
                    + service + " (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse("no detail");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    // ------------------------------------------------------------------------------------------------ tables

    private TableDescription table(DynamoDbClient dynamo, Specs.Table table) {
        String name = emulator.physicalName(table.logicalId());
        TableDescription existing = describe(dynamo, name);
        if (existing == null) {
            TableRequests.create(dynamo, name, table);
        } else {
            if (!existing.keySchema().equals(TableRequests.keySchema(table.keySchema()))) {
                throw new AwsEmulator.Unavailable("table " + name + " exists on " + emulator.endpoint()
                        + " with another key schema; choose another --stack-name");
            }
            Set<String> present = existing.globalSecondaryIndexes().stream()
                    .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet());
            List<AttributeDefinition> attributes = TableRequests.attributeDefinitions(table);
            for (GlobalSecondaryIndex index : TableRequests.indexes(table)) {
                if (!present.contains(index.indexName())) {
                    dynamo.updateTable(b -> b.tableName(name).attributeDefinitions(attributes)
                            .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
                                    .keySchema(index.keySchema()).projection(index.projection()))));
                }
            }
        }
        TableDescription active = dynamo.waiter().waitUntilTableExists(b -> b.tableName(name)).matched().response()
                .orElseThrow(() -> new IllegalStateException("table " + name + " did not become active"))
                .table();
        timeToLive(dynamo, table.logicalId(), name);
        return active;
    }

    private static TableDescription describe(DynamoDbClient dynamo, String name) {
        try {
            return dynamo.describeTable(b -> b.tableName(name)).table();
        } catch (ResourceNotFoundException absent) {
            return null;
        }
    }

    /** The template's TTL attribute, switched on once (enabling it twice is an error in DynamoDB). */
    private void timeToLive(DynamoDbClient dynamo, String logicalId, String name) {
        Object specification = template.resourcesOfType("AWS::DynamoDB::Table").get(logicalId)
                .get("TimeToLiveSpecification");
        if (!(specification instanceof Map<?, ?> ttl) || !Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))) {
            return;
        }
        String attribute = String.valueOf(ttl.get("AttributeName"));
        TimeToLiveStatus status = dynamo.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription()
                .timeToLiveStatus();
        if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
            dynamo.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true)));
        }
    }

    // ------------------------------------------------------------------------------------------------ queues

    private void queues(SqsClient sqs, Map<String, String> urls, Map<String, String> arns) {
        // The template's queue settings, with the redrive target resolved to the emulator's own ARN.
        List<Specs.Queue> queues = template.queues(StackTemplate.physicalIds(
                id -> urls.getOrDefault(id, id), (id, attribute) -> arns.getOrDefault(id, id)));
        for (Specs.Queue queue : QueueRequests.deadLettersFirst(queues)) {
            Map<QueueAttributeName, String> attributes = QueueRequests.attributes(queue,
                    id -> Objects.requireNonNull(arns.get(id), "dead-letter queue " + id));
            String name = emulator.physicalName(queue.logicalId());
            String url = queueUrl(sqs, name);
            if (url == null) {
                url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
            } else {
                String existing = url;
                sqs.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
            }
            String created = url;
            urls.put(queue.logicalId(), created);
            arns.put(queue.logicalId(), sqs.getQueueAttributes(b -> b.queueUrl(created)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
        }
    }

    private static String queueUrl(SqsClient sqs, String name) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException absent) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ secrets

    /**
     * The secret's ARN; created with a random value in the template's shape the first time (as GenerateSecretString
     * would). A secret of an older shape (a plain value where the template now makes JSON) gets a new value, as
     * CloudFormation generates one when GenerateSecretString changes.
     */
    private String secret(SecretsManagerClient secrets, String logicalId) {
        String name = emulator.physicalName(logicalId);
        Map<String, Object> properties = template.resourcesOfType("AWS::SecretsManager::Secret").get(logicalId);
        try {
            String arn = secrets.describeSecret(b -> b.secretId(name)).arn();
            String value = secrets.getSecretValue(b -> b.secretId(arn)).secretString();
            boolean json = SecretStrings.generated(properties, "x").startsWith("{");
            if (json && !value.strip().startsWith("{")) {
                secrets.putSecretValue(b -> b.secretId(arn).secretString(SecretStrings.generated(properties, randomSecret())));
            }
            return arn;
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException absent) {
            return secrets.createSecret(b -> b.name(name)
                    .secretString(SecretStrings.generated(properties, randomSecret()))).arn();
        }
    }

    private static String randomSecret() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder secret = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return secret.toString();
    }
}
