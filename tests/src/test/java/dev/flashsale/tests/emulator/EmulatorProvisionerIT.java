package dev.flashsale.tests.emulator;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cloud.AwsEmulator;
import dev.flashsale.local.cloud.EmulatorProvisioner;
import dev.flashsale.local.cloud.EmulatorStack;
import dev.flashsale.local.template.StackTemplate;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner's resources on the AWS emulator {@link AwsTarget} names: created from the template, reused, apart. */
@AwsFacing
@Tag(AwsTarget.TAG)
class EmulatorProvisionerIT {

    private static StackTemplate template;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(AwsTarget.onEmulator(), "needs an AWS emulator: set AWS_ENDPOINT_URL");
        template = StackTemplate.read(LocalSystem.projectRoot().resolve("template.yaml"), Map.of());
        URI endpoint = URI.create(AwsTarget.endpoint().orElseThrow());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY));
        dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
            sqs.close();
            secrets.close();
        }
    }

    private static AwsEmulator freshStack() {
        return AwsEmulator.of(AwsTarget.endpoint().orElseThrow(), "prov-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void provision_shouldCreateTheTemplatesResources_whenTheStackIsNew() {
        // given
        AwsEmulator emulator = freshStack();

        // when
        EmulatorStack stack = new EmulatorProvisioner(emulator, template).provision();

        // then: every table with the template's keys, indexes and TTL
        assertEquals(Set.of("SalesTable", "StockTable", "OrdersTable", "ProtectionTable"), stack.tableNames().keySet());
        TableDescription stock = dynamo.describeTable(b -> b.tableName(emulator.physicalName("StockTable"))).table();
        assertEquals("pk", stock.keySchema().get(0).attributeName());
        assertEquals(Set.of("pendingBySale", "buyersBySale"), stock.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet()));
        TableDescription orders = dynamo.describeTable(b -> b.tableName(emulator.physicalName("OrdersTable"))).table();
        assertEquals(Set.of("bySale", "unpaidBySale", "pendingEvents"), orders.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet()));
        for (String ttlTable : new String[]{"StockTable", "ProtectionTable"}) {
            var ttl = dynamo.describeTimeToLive(b -> b.tableName(emulator.physicalName(ttlTable))).timeToLiveDescription();
            assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus(), ttlTable);
            assertEquals("expiresAt", ttl.attributeName());
        }
        // the queues with the template's visibility timeout and redrive policy
        Map<QueueAttributeName, String> queue = sqs.getQueueAttributes(b -> b.queueUrl(stack.queueUrls().get("OrderQueue"))
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertEquals("180", queue.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        String redrive = queue.get(QueueAttributeName.REDRIVE_POLICY).replace(" ", "");
        assertTrue(redrive.contains(stack.queueArns().get("OrderDeadLetterQueue")), redrive);
        assertTrue(stack.queueArns().get("OrderDeadLetterQueue").endsWith(":" + emulator.physicalName("OrderDeadLetterQueue")));
        // the secrets, generated
        for (String secret : new String[]{"ChallengeSecret", "OriginSecret"}) {
            String value = secrets.getSecretValue(b -> b.secretId(stack.secretArns().get(secret))).secretString();
            assertTrue(value.length() >= 32, secret);
        }
    }

    @Test
    void provision_shouldReuseEverything_whenTheSameStackStartsAgain() {
        // given: a stack with one item written
        AwsEmulator emulator = freshStack();
        EmulatorStack first = new EmulatorProvisioner(emulator, template).provision();
        String secret = secrets.getSecretValue(b -> b.secretId(first.secretArns().get("ChallengeSecret"))).secretString();
        dynamo.putItem(b -> b.tableName(first.tableNames().get("SalesTable"))
                .item(Map.of("saleId", AttributeValue.fromS("kept"))));

        // when
        EmulatorStack second = new EmulatorProvisioner(emulator, template).provision();

        // then
        assertEquals(first, second);
        assertTrue(dynamo.getItem(b -> b.tableName(second.tableNames().get("SalesTable"))
                .key(Map.of("saleId", AttributeValue.fromS("kept")))).hasItem(), "the data is still there");
        assertEquals(secret, secrets.getSecretValue(b -> b.secretId(second.secretArns().get("ChallengeSecret")))
                .secretString(), "the secret keeps its value");
    }

    @Test
    void provision_shouldKeepTwoStacksApart_whenTheyShareTheEmulator() {
        // given
        EmulatorStack one = new EmulatorProvisioner(freshStack(), template).provision();
        EmulatorStack other = new EmulatorProvisioner(freshStack(), template).provision();

        // when
        dynamo.putItem(b -> b.tableName(one.tableNames().get("SalesTable"))
                .item(Map.of("saleId", AttributeValue.fromS("only-in-one"))));
        sqs.sendMessage(b -> b.queueUrl(one.queueUrls().get("OrderQueue")).messageBody("for one"));

        // then
        assertFalse(dynamo.getItem(b -> b.tableName(other.tableNames().get("SalesTable"))
                .key(Map.of("saleId", AttributeValue.fromS("only-in-one")))).hasItem());
        assertEquals("0", sqs.getQueueAttributes(b -> b.queueUrl(other.queueUrls().get("OrderQueue"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertFalse(one.secretArns().get("ChallengeSecret").equals(other.secretArns().get("ChallengeSecret")));
    }
}
