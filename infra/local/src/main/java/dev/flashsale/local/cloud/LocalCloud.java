package dev.flashsale.local.cloud;

import dev.flashsale.local.template.Specs;
import dev.flashsale.local.template.StackTemplate;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's data plane on this machine: a DynamoDB-API server and an SQS server on loopback ports, with the
 * tables and queues of {@code template.yaml} created under the same logical names, keys and queue settings.
 * Functions reach them through their ordinary SDK clients, pointed here by the SDK's standard
 * {@code AWS_ENDPOINT_URL_<SERVICE>} settings.
 */
public final class LocalCloud implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    private final StackTemplate template;
    private final Path projectRoot;
    private final Path dataDir;
    private volatile DynamoDbServer dynamoServer;
    private volatile SqsServer sqsServer;
    private volatile RedisCacheServer redisServer;
    private ServerSupervisor supervisor;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new HashMap<>();
    private final Map<String, String> secretValues = new java.util.concurrent.ConcurrentHashMap<>();
    private final StackTemplate.PhysicalIds ids;

    private LocalCloud(StackTemplate template, Path projectRoot, Path dataDir, DynamoDbServer dynamoServer,
                       SqsServer sqsServer, RedisCacheServer redisServer) {
        this.template = template;
        this.projectRoot = projectRoot;
        this.dataDir = dataDir;
        this.dynamoServer = dynamoServer;
        this.sqsServer = sqsServer;
        this.redisServer = redisServer;
        // The SDK's documented system-property forms of AWS_REGION, the credentials and AWS_ENDPOINT_URL_<SERVICE>:
        // environment variables cannot be set for code in this JVM, so the functions get the same values this way.
        localEnvironment().forEach((name, value) -> {
            if (SdkSettings.isSdkVariable(name)) {
                System.setProperty(SdkSettings.systemProperty(name), value);
            }
        });
        this.dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        this.sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        this.ids = StackTemplate.physicalIds(this::ref, this::attribute);
    }

    public static LocalCloud start(Path projectRoot, StackTemplate template) throws IOException, InterruptedException {
        return start(projectRoot, template, null);
    }

    /**
     * With {@code dataDir} (null: everything in memory), tables and the stock cache live on disk there and outlive
     * the runner: a later start with the same folder finds them as they were.
     */
    public static LocalCloud start(Path projectRoot, StackTemplate template, Path dataDir)
            throws IOException, InterruptedException {
        DynamoDbServer dynamoServer = DynamoDbServer.start(projectRoot, FreePort.find(), subfolder(dataDir, "dynamodb"));
        SqsServer sqsServer = null;
        RedisCacheServer redisServer = null;
        try {
            sqsServer = SqsServer.start();
            if (!template.resourcesOfType("AWS::ElastiCache::ServerlessCache").isEmpty()) {
                redisServer = RedisCacheServer.start(projectRoot, FreePort.find(), subfolder(dataDir, "redis"));
            }
        } catch (RuntimeException | IOException e) {
            if (sqsServer != null) {
                sqsServer.close();
            }
            dynamoServer.close();
            throw e;
        }
        LocalCloud cloud = new LocalCloud(template, projectRoot, dataDir, dynamoServer, sqsServer, redisServer);
        try {
            cloud.createTables();
            cloud.createQueues();
        } catch (RuntimeException e) {
            cloud.close();
            throw e;
        }
        return cloud;
    }

    private static Path subfolder(Path dataDir, String name) {
        return dataDir == null ? null : dataDir.resolve(name);
    }

    /**
     * Starts watching the servers: one that dies is reported through {@code console} and restarted on its port;
     * when that fails or keeps happening, {@code giveUp} is told why (and should stop the stack).
     */
    public synchronized void supervise(java.util.function.Consumer<String> console,
                                       java.util.function.Consumer<String> giveUp) {
        List<ServerSupervisor.Server> servers = new ArrayList<>();
        servers.add(supervised("the DynamoDB server (dynalite)", () -> dynamoServer.isAlive(), () -> {
            dynamoServer.close();
            dynamoServer = DynamoDbServer.start(projectRoot, dynamoServer.port(), subfolder(dataDir, "dynamodb"));
            int created = createTables();
            return dataDir == null ? "its tables were in memory and are lost; " + created + " empty tables created"
                    : "tables kept in " + dataDir.resolve("dynamodb");
        }));
        servers.add(supervised("the SQS server (ElasticMQ)", () -> sqsServer.isAlive(), () -> {
            sqsServer.close();
            sqsServer = SqsServer.start(sqsServer.port());
            createQueues();
            return "its messages were in memory and are lost; the reconciler releases their reservations";
        }));
        if (redisServer != null) {
            servers.add(supervised("the Redis server", () -> redisServer.isAlive(), () -> {
                redisServer.close();
                redisServer = RedisCacheServer.start(projectRoot, redisServer.port(), subfolder(dataDir, "redis"));
                return dataDir == null ? "its data was in memory and is lost; rebuild each sale with "
                        + "./flashsale stock sync --sale ID" : "data kept in " + dataDir.resolve("redis");
            }));
        }
        supervisor = new ServerSupervisor(servers, console, giveUp);
    }

    private interface Restart {
        String run() throws Exception;
    }

    private static ServerSupervisor.Server supervised(String name, java.util.function.BooleanSupplier alive,
                                                      Restart restart) {
        return new ServerSupervisor.Server() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isAlive() {
                return alive.getAsBoolean();
            }

            @Override
            public String restart() throws Exception {
                return restart.run();
            }
        };
    }

    /** Servers restarted by the supervisor since the start. */
    public int restarts() {
        return supervisor == null ? 0 : supervisor.restarts();
    }

    /** The DynamoDB server, for tools that need its process (fault injection, tests). */
    public DynamoDbServer dynamoServer() {
        return dynamoServer;
    }

    /** The SQS server, for tools that stop it (fault injection, tests). */
    public SqsServer sqsServer() {
        return sqsServer;
    }

    /**
     * What differs for a function here from AWS: the variables Lambda sets (region, credentials), the SDK's
     * standard endpoint overrides, and the same override for the stock cache (a plain-TCP, single-node Redis
     * without IAM authentication instead of ElastiCache Serverless, which is TLS, clustered and IAM-authenticated).
     */
    public Map<String, String> localEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoServer.endpoint());
        env.put("AWS_ENDPOINT_URL_SQS", sqsServer.endpoint());
        if (redisServer != null) {
            env.put("FLASHSALE_REDIS_URL", redisServer.url());
            env.put("FLASHSALE_REDIS_CLUSTER", "false");
            env.put("FLASHSALE_REDIS_AUTH", "none");
        }
        return env;
    }

    /**
     * There is no Secrets Manager here: a variable {@code X_ID} naming one of the template's secrets becomes
     * {@code X} holding a secret made up for this run, the setting the functions read where no secret store is.
     */
    public Map<String, String> withLocalSecrets(Map<String, String> environment) {
        Map<String, String> local = new LinkedHashMap<>();
        Map<String, Map<String, Object>> secrets = template.resourcesOfType("AWS::SecretsManager::Secret");
        environment.forEach((name, value) -> {
            if (name.endsWith("_ID") && secrets.containsKey(value)) {
                local.put(name.substring(0, name.length() - 3),
                        secretValues.computeIfAbsent(value, id -> randomSecret()));
            } else {
                local.put(name, value);
            }
        });
        return local;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What a function of the template sees here: its own variables with local secrets, and the local overrides. */
    public Map<String, String> environmentOf(Specs.Function function) {
        Map<String, String> environment = withLocalSecrets(function.environment());
        environment.putAll(localEnvironment());
        return environment;
    }

    /** The local Redis, when the template creates a stock cache; null otherwise. */
    public RedisCacheServer redis() {
        return redisServer;
    }

    public StackTemplate.PhysicalIds physicalIds() {
        return ids;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public String queueUrl(String logicalId) {
        String url = queueUrls.get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + logicalId + " in template.yaml");
        }
        return url;
    }

    private String ref(String logicalId) {
        if (queueUrls.containsKey(logicalId)) {
            return queueUrls.get(logicalId);
        }
        return logicalId; // tables, APIs, functions: the logical id is the local physical name
    }

    private String attribute(String logicalId, String attribute) {
        switch (attribute) {
            case "Arn":
                return template.resourcesOfType("AWS::SQS::Queue").containsKey(logicalId)
                        ? "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + logicalId
                        : "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + logicalId;
            case "QueueName":
                return logicalId;
            case "QueueUrl":
                return queueUrl(logicalId);
            case "Endpoint.Address":
                return "127.0.0.1";
            case "Endpoint.Port":
                return redisServer == null ? "6379" : Integer.toString(redisServer.port());
            default:
                return logicalId + "." + attribute;
        }
    }

    /** Creates the template's tables that do not exist yet (all, unless a data folder kept them); answers how many. */
    private int createTables() {
        java.util.Set<String> existing = new java.util.HashSet<>();
        dynamo.listTablesPaginator(b -> { }).tableNames().forEach(existing::add);
        int created = 0;
        for (Specs.Table table : template.tables()) {
            if (existing.contains(table.logicalId())) {
                continue;
            }
            created++;
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            for (Map<String, Object> gsi : table.globalSecondaryIndexes()) {
                indexes.add(GlobalSecondaryIndex.builder()
                        .indexName(String.valueOf(gsi.get("IndexName")))
                        .keySchema(keySchema(listOfMaps(gsi.get("KeySchema"))))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build());
            }
            List<AttributeDefinition> attributes = new ArrayList<>();
            for (Map<String, Object> a : table.attributeDefinitions()) {
                attributes.add(AttributeDefinition.builder()
                        .attributeName(String.valueOf(a.get("AttributeName")))
                        .attributeType(String.valueOf(a.get("AttributeType"))).build());
            }
            dynamo.createTable(b -> {
                b.tableName(table.logicalId())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributes)
                        .keySchema(keySchema(table.keySchema()));
                if (!indexes.isEmpty()) {
                    b.globalSecondaryIndexes(indexes);
                }
            });
        }
        return created;
    }

    private static List<KeySchemaElement> keySchema(List<Map<String, Object>> elements) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Map<String, Object> e : elements) {
            keys.add(KeySchemaElement.builder()
                    .attributeName(String.valueOf(e.get("AttributeName")))
                    .keyType(String.valueOf(e.get("KeyType"))).build());
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOfMaps(Object value) {
        List<Map<String, Object>> maps = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                maps.add((Map<String, Object>) item);
            }
        }
        return maps;
    }

    private void createQueues() {
        List<Specs.Queue> queues = template.queues(ids);
        // Dead-letter queues first: a redrive policy names its target's ARN.
        queues.sort((a, b) -> Boolean.compare(a.deadLetterQueueId() != null, b.deadLetterQueueId() != null));
        for (Specs.Queue queue : queues) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
            if (queue.deadLetterQueueId() != null) {
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\""
                        + attribute(queue.deadLetterQueueId(), "Arn") + "\",\"maxReceiveCount\":\""
                        + queue.maxReceiveCount() + "\"}");
            }
            String url = sqs.createQueue(b -> b.queueName(queue.logicalId()).attributes(attributes)).queueUrl();
            queueUrls.put(queue.logicalId(), url);
        }
    }

    @Override
    public void close() {
        if (supervisor != null) {
            supervisor.close();
        }
        dynamo.close();
        sqs.close();
        sqsServer.close();
        dynamoServer.close();
        if (redisServer != null) {
            redisServer.close();
        }
    }
}
