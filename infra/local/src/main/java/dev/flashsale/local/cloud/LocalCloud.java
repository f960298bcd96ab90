package dev.flashsale.local.cloud;

import dev.flashsale.local.cloud.dynamodb.DynamoDbFront;
import dev.flashsale.local.cloud.dynamodb.KeyLimits;
import dev.flashsale.local.cloud.dynamodb.KeyThroughput;
import dev.flashsale.local.cloud.dynamodb.TableKeys;
import dev.flashsale.local.events.LocalEventBus;
import dev.flashsale.local.template.SecretStrings;
import dev.flashsale.local.template.Specs;
import dev.flashsale.local.template.StackTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The stack's data plane on this machine: a DynamoDB-API server and an SQS server on loopback ports, with the
 * tables and queues of {@code template.yaml} created under the same logical names, keys and queue settings.
 * Functions reach them through their ordinary SDK clients, pointed here by the SDK's standard
 * {@code AWS_ENDPOINT_URL_<SERVICE>} settings. Or, given an {@link AwsEmulator}, the emulator's DynamoDB, SQS and
 * Secrets Manager with the template's resources under the stack's prefix ({@link EmulatorProvisioner}), reached
 * through {@code AWS_ENDPOINT_URL}.
 */
public final class LocalCloud implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    /** The local stack's credentials, LocalStack's: what the gateway checks admin signatures against. */
    public static final String ACCESS_KEY_ID = "test";
    public static final String SECRET_ACCESS_KEY = "test";

    private final StackTemplate template;
    private final Path projectRoot;
    private final Path dataDir;
    private volatile DynamoDbServer dynamoServer;
    /** In front of the embedded DynamoDB server: DynamoDB's per-key throughput, metered and enforced. */
    private final DynamoDbFront dynamoFront;
    private volatile SqsServer sqsServer;
    private volatile RedisCacheServer redisServer;
    private ServerSupervisor supervisor;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new HashMap<>();
    private final Map<String, String> secretValues = new ConcurrentHashMap<>();
    private final StackTemplate.PhysicalIds ids;
    /** A password per ElastiCache user of the template, made up for this run (IAM's stand-in). */
    private final Map<String, String> cachePasswords = new ConcurrentHashMap<>();
    private final EmulatorStack emulator;
    /** EventBridge's stand-in: the template's buses and rules, sending to its queues here. */
    private final LocalEventBus eventBus;

    private LocalCloud(StackTemplate template, Path projectRoot, Path dataDir, DynamoDbServer dynamoServer,
                       DynamoDbFront dynamoFront, SqsServer sqsServer, RedisCacheServer redisServer,
                       EmulatorStack emulator) throws IOException {
        this.template = template;
        this.dynamoFront = dynamoFront;
        this.projectRoot = projectRoot;
        this.dataDir = dataDir;
        this.dynamoServer = dynamoServer;
        this.sqsServer = sqsServer;
        this.redisServer = redisServer;
        this.emulator = emulator;
        if (emulator != null) {
            emulator.queueUrls().forEach(queueUrls::put);
            // One endpoint for every service: an embedded stack started earlier in this JVM must not win.
            SdkSettings.clearServiceEndpoints();
        }
        this.ids = StackTemplate.physicalIds(this::ref, this::attribute);
        this.eventBus = LocalEventBus.start(template.eventRules(ids),
                (queue, body) -> sqs().sendMessage(b -> b.queueUrl(queueUrl(queue)).messageBody(body)));
        // The runner's own clients below find region, credentials and endpoints where the functions' do.
        SdkSettings.apply(localEnvironment());
        this.dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        this.sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The order events bus's stand-in (its rules and SQS targets from the template). */
    public LocalEventBus eventBus() {
        return eventBus;
    }

    public static LocalCloud start(Path projectRoot, StackTemplate template) throws IOException, InterruptedException {
        return start(projectRoot, template, null, null);
    }

    public static LocalCloud start(Path projectRoot, StackTemplate template, AwsEmulator emulator)
            throws IOException, InterruptedException {
        return start(projectRoot, template, emulator, null);
    }

    /**
     * On {@code emulator} when given (its resources created or reused first), else on embedded servers. With
     * {@code dataDir} (null: everything in memory), the embedded servers keep tables and the stock cache on disk there
     * and outlive the runner: a later start with the same folder finds them as they were.
     */
    public static LocalCloud start(Path projectRoot, StackTemplate template, AwsEmulator emulator, Path dataDir)
            throws IOException, InterruptedException {
        if (emulator != null) {
            EmulatorStack stack = new EmulatorProvisioner(emulator, template).provision();
            RedisCacheServer redis = template.resourcesOfType("AWS::ElastiCache::ServerlessCache").isEmpty()
                    ? null : RedisCacheServer.start(projectRoot, FreePort.find(), subfolder(dataDir, "redis"));
            LocalCloud cloud = new LocalCloud(template, projectRoot, dataDir, null, null, null, redis, stack);
            if (redis != null) {
                cloud.createCacheUsers(redis);
            }
            return cloud;
        }
        DynamoDbServer dynamoServer = DynamoDbServer.start(projectRoot, FreePort.find(), subfolder(dataDir, "dynamodb"));
        SqsServer sqsServer = null;
        RedisCacheServer redisServer = null;
        DynamoDbFront front = null;
        try {
            front = dynamoFront(template, dynamoServer);
            sqsServer = SqsServer.start();
            if (!template.resourcesOfType("AWS::ElastiCache::ServerlessCache").isEmpty()) {
                redisServer = RedisCacheServer.start(projectRoot, FreePort.find(), subfolder(dataDir, "redis"));
            }
        } catch (RuntimeException | IOException e) {
            if (sqsServer != null) {
                sqsServer.close();
            }
            if (front != null) {
                front.close();
            }
            dynamoServer.close();
            throw e;
        }
        LocalCloud cloud = new LocalCloud(template, projectRoot, dataDir, dynamoServer, front, sqsServer, redisServer,
                null);
        try {
            cloud.createTables();
            cloud.createQueues();
            if (redisServer != null) {
                cloud.createCacheUsers(redisServer);
            }
        } catch (RuntimeException e) {
            cloud.close();
            throw e;
        }
        return cloud;
    }

    /**
     * The front the functions reach the embedded DynamoDB server through, with the template's key schemas and the
     * per-key limits on; none with {@code -Dflashsale.dynamodb.keyLimits=off} (straight to the server: no limits,
     * and not the front's own read of each indexed item before it is written).
     */
    private static DynamoDbFront dynamoFront(StackTemplate template, DynamoDbServer server) throws IOException {
        if ("off".equals(System.getProperty("flashsale.dynamodb.keyLimits"))) {
            return null;
        }
        List<TableKeys> keys = new ArrayList<>();
        for (Specs.Table table : template.tables()) {
            keys.add(TableKeys.of(table.logicalId(), table));
        }
        return new DynamoDbFront(java.net.URI.create(server.endpoint()), keys,
                new KeyThroughput(KeyLimits.DYNAMODB, java.time.InstantSource.system()),
                "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/");
    }

    private static Path subfolder(Path dataDir, String name) {
        return dataDir == null ? null : dataDir.resolve(name);
    }

    /**
     * Starts watching the servers: one that dies is reported through {@code console} and restarted on its port;
     * when that fails or keeps happening, {@code giveUp} is told why (and should stop the stack).
     */
    public synchronized void supervise(Consumer<String> console,
                                       Consumer<String> giveUp) {
        List<ServerSupervisor.Server> servers = new ArrayList<>();
        if (emulator == null) { // an emulator's own life is its owner's
            superviseEmbedded(servers);
        }
        if (redisServer != null) {
            servers.add(supervised("the Redis server", () -> redisServer.isAlive(), () -> {
                redisServer.close();
                redisServer = RedisCacheServer.start(projectRoot, redisServer.port(), subfolder(dataDir, "redis"));
                createCacheUsers(redisServer);
                return dataDir == null ? "its data was in memory and is lost; rebuild each sale with "
                        + "./flashsale stock sync --sale ID" : "data kept in " + dataDir.resolve("redis");
            }));
        }
        supervisor = new ServerSupervisor(servers, console, giveUp);
    }

    private void superviseEmbedded(List<ServerSupervisor.Server> servers) {
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
    }

    private interface Restart {
        String run() throws Exception;
    }

    private static ServerSupervisor.Server supervised(String name, BooleanSupplier alive,
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

    /** The front of the embedded DynamoDB server, with its meter; null on an emulator or with the limits off. */
    public DynamoDbFront dynamoFront() {
        return dynamoFront;
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
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        if (emulator != null) {
            env.put("AWS_ENDPOINT_URL", emulator.emulator().endpoint().toString());
        } else {
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoFront == null ? dynamoServer.endpoint() : dynamoFront.endpoint());
            env.put("AWS_ENDPOINT_URL_SQS", sqsServer.endpoint());
        }
        // On an emulator too: its EventBridge would need the bus and rules provisioned; this one reads them here.
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventBus.endpoint());
        if (redisServer != null) {
            env.put("FLASHSALE_REDIS_URL", redisServer.url());
            env.put("FLASHSALE_REDIS_CLUSTER", "false");
        }
        return env;
    }

    /**
     * Gives a Redis server the template's ElastiCache users, access strings as written, each with this run's
     * password (IAM's stand-in); the functions then connect as their template's user ({@link #environmentOf}).
     */
    public void createCacheUsers(RedisCacheServer server) {
        List<Specs.CacheUser> users = template.cacheUsers(ids);
        List<String> refused = dev.flashsale.local.template.CacheUserRules.problems(users, template.cacheUserGroups(ids));
        if (!refused.isEmpty()) {
            throw new IllegalStateException("ElastiCache would refuse the template's cache users: " + refused);
        }
        for (Specs.CacheUser user : users) {
            if (!user.authentication().equals("none")) {
                cachePasswords.computeIfAbsent(user.userName(), name -> randomSecret());
            }
        }
        server.createUsers(users, cachePasswords);
    }

    /**
     * There is no Secrets Manager here: a variable {@code X_ID} naming one of the template's secrets becomes
     * {@code X} holding a secret made up for this run, the setting the functions read where no secret store is.
     */
    public Map<String, String> withLocalSecrets(Map<String, String> environment) {
        if (emulator != null) {
            return new LinkedHashMap<>(environment); // the emulator's Secrets Manager holds them, as in AWS
        }
        Map<String, String> local = new LinkedHashMap<>();
        Map<String, Map<String, Object>> secrets = template.resourcesOfType("AWS::SecretsManager::Secret");
        environment.forEach((name, value) -> {
            if (name.endsWith("_ID") && secrets.containsKey(value)) {
                local.put(name.substring(0, name.length() - 3),
                        secretValues.computeIfAbsent(value, this::newSecretString));
            } else {
                local.put(name, value);
            }
        });
        return local;
    }

    /**
     * The headers the template's CloudFront adds for the API, with {@code {{resolve:secretsmanager:X:SecretString}}}
     * replaced by this run's value of secret X (the value the functions get as {@code X_SECRET}).
     */
    public Map<String, String> apiOriginHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        template.apiOriginHeaders(ids).forEach((name, value) -> headers.put(name, resolveSecrets(value)));
        return headers;
    }

    /** The values of the API keys of the stage's usage plans, secret references resolved as CloudFormation does. */
    public java.util.Set<String> apiKeys() {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        template.apiKeys(ids).forEach(value -> keys.add(resolveSecrets(value)));
        return keys;
    }

    /** {@code value}, or what it resolves to when it is a Secrets Manager dynamic reference (a JSON key's value). */
    private String resolveSecrets(String value) {
        SecretStrings.Reference reference = SecretStrings.reference(value);
        return reference == null ? value
                : SecretStrings.resolve(secretValue(reference.secretId()), reference.jsonKey());
    }

    /** A secret of the template made up for this run, in the shape its GenerateSecretString gives. */
    private String newSecretString(String logicalId) {
        Map<String, Object> properties = template.resourcesOfType("AWS::SecretsManager::Secret").get(logicalId);
        return properties == null ? randomSecret() : SecretStrings.generated(properties, randomSecret());
    }

    /** Secret {@code id}'s value: the emulator's, as CloudFront resolves it in AWS, or one made up for this run. */
    private String secretValue(String id) {
        if (emulator == null) {
            return secretValues.computeIfAbsent(id, this::newSecretString);
        }
        return secretValues.computeIfAbsent(id, arn -> {
            try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .endpointOverride(emulator.emulator().endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY)))
                    .build()) {
                return secrets.getSecretValue(b -> b.secretId(arn)).secretString();
            }
        });
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * What a function of the template sees here: its own variables with local secrets, and the local overrides.
     * A function that signs in to the cache as an IAM user of the template signs in here with that user's password.
     */
    public Map<String, String> environmentOf(Specs.Function function) {
        Map<String, String> environment = withLocalSecrets(function.environment());
        environment.putAll(localEnvironment());
        String cacheUser = environment.get("FLASHSALE_REDIS_USER");
        if ("iam".equals(environment.get("FLASHSALE_REDIS_AUTH")) && cachePasswords.containsKey(cacheUser)) {
            environment.put("FLASHSALE_REDIS_AUTH", "password");
            environment.put("FLASHSALE_REDIS_PASSWORD", cachePasswords.get(cacheUser));
        }
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

    /** The emulator's resources when the stack runs on one; null on the embedded servers. */
    public EmulatorStack emulator() {
        return emulator;
    }

    public String queueUrl(String logicalId) {
        String url = queueUrls.get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + logicalId + " in template.yaml");
        }
        return url;
    }

    private String ref(String logicalId) {
        if (emulator != null && emulator.ref(logicalId) != null) {
            return emulator.ref(logicalId);
        }
        if (queueUrls.containsKey(logicalId)) {
            return queueUrls.get(logicalId);
        }
        return logicalId; // tables, APIs, functions: the logical id is the local physical name
    }

    private String attribute(String logicalId, String attribute) {
        if (emulator != null && emulator.attribute(logicalId, attribute) != null) {
            return emulator.attribute(logicalId, attribute);
        }
        switch (attribute) {
            case "Arn":
                if (template.resourcesOfType("AWS::Events::EventBus").containsKey(logicalId)) {
                    return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/" + logicalId;
                }
                if (template.resourcesOfType("AWS::Events::Rule").containsKey(logicalId)) {
                    return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + logicalId;
                }
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
        Set<String> existing = new HashSet<>();
        dynamo.listTablesPaginator(b -> { }).tableNames().forEach(existing::add);
        int created = 0;
        for (Specs.Table table : template.tables()) {
            if (existing.contains(table.logicalId())) {
                continue;
            }
            created++;
            TableRequests.create(dynamo, table.logicalId(), table);
        }
        return created;
    }

    private void createQueues() {
        for (Specs.Queue queue : QueueRequests.deadLettersFirst(template.queues(ids))) {
            Map<QueueAttributeName, String> attributes = QueueRequests.attributes(queue, id -> attribute(id, "Arn"));
            String url = sqs.createQueue(b -> b.queueName(queue.logicalId()).attributes(attributes)).queueUrl();
            queueUrls.put(queue.logicalId(), url);
        }
    }

    @Override
    public void close() {
        if (supervisor != null) {
            supervisor.close();
        }
        eventBus.close();
        dynamo.close();
        sqs.close();
        if (sqsServer != null) {
            sqsServer.close();
        }
        if (dynamoFront != null) {
            dynamoFront.close();
        }
        if (dynamoServer != null) {
            dynamoServer.close();
        }
        if (redisServer != null) {
            redisServer.close();
        }
    }
}
