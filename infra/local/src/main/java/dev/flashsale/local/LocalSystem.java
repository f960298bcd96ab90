package dev.flashsale.local;

import dev.flashsale.local.cloud.AwsEmulator;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.faults.FaultInjector;
import dev.flashsale.local.faults.FaultStack;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.functions.StackClock;
import dev.flashsale.local.gateway.DistributionHeaders;
import dev.flashsale.local.gateway.GatewayResponses;
import dev.flashsale.local.gateway.LocalGateway;
import dev.flashsale.local.gateway.SigV4Verifier;
import dev.flashsale.local.gateway.StaticSite;
import dev.flashsale.local.queue.QueuePoller;
import dev.flashsale.local.template.DistributionSpec;
import dev.flashsale.local.template.Specs;
import dev.flashsale.local.template.StackTemplate;
import dev.flashsale.local.template.WafChallengeSpec;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

/**
 * The whole stack of {@code template.yaml} on this machine: data plane ({@link LocalCloud}), every function
 * ({@link FunctionHost}), the API and page ({@link LocalGateway}) and the queue event sources ({@link QueuePoller}).
 */
public final class LocalSystem implements AutoCloseable {

    /**
     * {@code emulator}: the AWS emulator holding DynamoDB, SQS and Secrets Manager, null for the embedded servers;
     * {@code dataDir}: where the embedded servers keep tables and the stock cache across runs, null for memory.
     */
    public record Options(Path projectRoot, String host, int port, Map<String, String> parameterOverrides,
                          AwsEmulator emulator, Path dataDir) {

        public Options(Path projectRoot, String host, int port, Map<String, String> parameterOverrides,
                       AwsEmulator emulator) {
            this(projectRoot, host, port, parameterOverrides, emulator, null);
        }

        public Options(Path projectRoot, String host, int port, Map<String, String> parameterOverrides,
                       Path dataDir) {
            this(projectRoot, host, port, parameterOverrides, null, dataDir);
        }

        public Options(Path projectRoot, String host, int port, Map<String, String> parameterOverrides) {
            this(projectRoot, host, port, parameterOverrides, null, null);
        }
    }

    /** The parameter every local stack and test fixture is given: payment there is the fake provider's. */
    public static final Map<String, String> TEST_STACK = Map.of("TestStack", "true");

    private final StackTemplate template;
    private final LocalCloud cloud;
    private final Map<String, FunctionHost> functions;
    private final LocalGateway gateway;
    private final List<QueuePoller> pollers;
    private final String host;
    private final java.util.concurrent.CompletableFuture<String> failure = new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "schedule");
        thread.setDaemon(true);
        return thread;
    });

    private final FaultInjector faults;
    private final StackClock clock;

    private LocalSystem(StackTemplate template, LocalCloud cloud, Map<String, FunctionHost> functions,
                        LocalGateway gateway, List<QueuePoller> pollers, String host, FaultInjector faults,
                        StackClock clock) {
        this.clock = clock;
        this.template = template;
        this.cloud = cloud;
        this.functions = functions;
        this.gateway = gateway;
        this.pollers = pollers;
        this.host = host;
        this.faults = faults;
        if (faults != null) {
            return; // a fault run drives the scheduled functions itself ({@link #runScheduled}), after the sale
        }
        // EventBridge's schedules: each function with a rate(...) event is invoked with a ScheduledEvent.
        for (Specs.Schedule schedule : template.schedules(cloud.physicalIds())) {
            FunctionHost function = functions.get(schedule.functionId());
            scheduler.scheduleAtFixedRate(() -> invokeScheduled(function), schedule.everySeconds(),
                    schedule.everySeconds(), TimeUnit.SECONDS);
        }
    }

    /** The functions' clock: a run that must let time pass (a payment window) jumps it rather than sleeping. */
    public StackClock clock() {
        return clock;
    }

    /** Invokes every scheduled function once now, as its schedule would; their answers (null for a failed run). */
    public List<Object> runScheduled() {
        List<Object> answers = new ArrayList<>();
        for (Specs.Schedule schedule : template.schedules(cloud.physicalIds())) {
            answers.add(invokeScheduled(functions.get(schedule.functionId())));
        }
        return answers;
    }

    private static Object invokeScheduled(FunctionHost function) {
        ScheduledEvent event = new ScheduledEvent();
        event.setSource("aws.events");
        event.setDetailType("Scheduled Event");
        event.setTime(new org.joda.time.DateTime());
        event.setRegion(LocalCloud.REGION);
        try {
            return function.invoke(event);
        } catch (RuntimeException failed) {
            // As with EventBridge: a failed run is retried by the next one.
            return null;
        }
    }

    /**
     * The template's parameters for a local stack: it is a test stack ({@code TestStack=true}, which the template
     * hands the functions as {@code FLASHSALE_TEST_STACK}, as a test stack's {@code sam deploy} would), then the
     * caller's overrides.
     */
    public static Map<String, String> parameters(Options options) {
        Map<String, String> parameters = new LinkedHashMap<>(TEST_STACK);
        parameters.putAll(options.parameterOverrides());
        return parameters;
    }

    public static LocalSystem start(Options options) throws IOException, InterruptedException {
        return start(options, null);
    }

    /** The stack with the faults of {@code faults} injected (see {@link FaultStack}); null for none. */
    public static LocalSystem start(Options options, FaultInjector faults) throws IOException, InterruptedException {
        // The JDK's HTTP server delays small responses by default (Nagle); a gateway must not.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        redirectFunctionOutput();
        Path root = options.projectRoot();
        StackTemplate template = StackTemplate.read(root.resolve("template.yaml"), parameters(options));
        LocalCloud cloud = LocalCloud.start(root, template, options.emulator(), options.dataDir());
        Map<String, FunctionHost> functions = new LinkedHashMap<>();
        StackClock clock = new StackClock();
        List<QueuePoller> pollers = new ArrayList<>();
        LocalGateway gateway = null;
        try {
            if (faults != null) {
                FaultStack.connect(faults, cloud);
            }
            for (Specs.Function spec : template.functions(cloud.physicalIds())) {
                Map<String, String> environment = cloud.environmentOf(spec);
                if (faults != null) {
                    FaultStack.adjust(faults, environment);
                }
                functions.put(spec.logicalId(), FunctionHost.start(spec, environment, clock));
            }
            gateway = new LocalGateway(options.host(), options.port(), template.routes(),
                    template.throttles(cloud.physicalIds()), functions,
                    new StaticSite(root.resolve("web")),
                    template.parameter("Stage"), new LocalGateway.Edge(new SigV4Verifier(Map.of(
                            LocalCloud.ACCESS_KEY_ID, LocalCloud.SECRET_ACCESS_KEY), LocalCloud.REGION),
                            new GatewayResponses(template.gatewayResponses()), cloud.apiOriginHeaders(),
                            cloud.apiKeys(), DistributionSpec.of(template),
                            WafChallengeSpec.read(root.resolve("template.yaml")), new DistributionHeaders(
                                    template.distributionResponseHeaders(cloud.physicalIds()))), clock);
            for (Specs.QueueSource source : template.queueSources(cloud.physicalIds())) {
                pollers.add(new QueuePoller(source, functions.get(source.functionId()), cloud.sqs(),
                        cloud.queueUrl(source.queueId()), cloud.physicalIds().attribute(source.queueId(), "Arn")));
            }
            if (faults != null) {
                FaultStack.hook(faults, cloud, functions.values(), pollers, template);
            }
            LocalSystem system = new LocalSystem(template, cloud, functions, gateway, pollers, options.host(), faults,
                    clock);
            cloud.supervise(message -> CONSOLE.println("local stack: " + message), system::fail);
            return system;
        } catch (RuntimeException | IOException e) {
            if (faults != null) {
                faults.close();
            }
            pollers.forEach(QueuePoller::close);
            if (gateway != null) {
                gateway.close();
            }
            functions.values().forEach(FunctionHost::close);
            cloud.close();
            throw e;
        }
    }

    private static final PrintStream CONSOLE = System.out;
    private static Path functionLog;

    /**
     * What the functions write to standard output (their JSON logs and metrics, CloudWatch's share in AWS) goes
     * to a file, so the runner's own output stays readable and {@code --json} stays the last line.
     */
    private static synchronized void redirectFunctionOutput() throws IOException {
        if (functionLog == null) {
            functionLog = Path.of(System.getProperty("java.io.tmpdir"),
                    "flashsale-" + ProcessHandle.current().pid() + "-functions.log");
            System.setOut(new PrintStream(new FileOutputStream(functionLog.toFile(), true), true,
                    StandardCharsets.UTF_8));
        }
    }

    /** The runner's own output (standard output as it was before the functions' logs were redirected). */
    public static PrintStream console() {
        return CONSOLE;
    }

    public static Path functionLog() {
        return functionLog;
    }

    /** The folder holding {@code template.yaml}: the {@code flashsale.root} property, else the nearest parent. */
    public static Path projectRoot() {
        String configured = System.getProperty("flashsale.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("web"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the project root (template.yaml); set -Dflashsale.root");
    }

    /** A server could not be kept running: say so, stop everything, and let whoever waits on the stack know. */
    private void fail(String reason) {
        CONSOLE.println("local stack: " + reason);
        failure.complete(reason);
        close();
    }

    /** Completes, with the reason, if the stack had to stop because a server could not be kept running. */
    public java.util.concurrent.CompletableFuture<String> failure() {
        return failure;
    }

    public URI baseUrl() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return URI.create("http://" + shown + ":" + gateway.port());
    }

    /** The API without CloudFront in front (the execute-api endpoint's stand-in): shopper routes refuse it. */
    public URI apiGatewayUrl() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return URI.create("http://" + shown + ":" + gateway.directPort());
    }

    /** The shoppers' identity provider of this run (the local Cognito user pool). */
    public dev.flashsale.local.identity.LocalIdentityProvider identity() {
        return gateway.identity();
    }

    /**
     * What the gateway passes a function in {@code requestContext.authorizer.claims} for {@code shopper}'s valid
     * token, for handlers invoked in process (the token's signature and checks are the gateway's, not the function's).
     */
    public Map<String, String> shopperClaims(String shopper) {
        return dev.flashsale.local.identity.TokenVerifier.passed(gateway.identity().claims(shopper, Instant.now()));
    }

    /** The distribution's WAF Challenge (off until turned on): what a shopper whose token expired meets. */
    public dev.flashsale.local.gateway.WafChallenge wafChallenge() {
        return gateway.wafChallenge();
    }

    /** Requests the local CloudFront sent on to its origins: what its edge cache did not answer. */
    public long edgeOriginRequests() {
        return gateway.originRequests();
    }

    public StackTemplate template() {
        return template;
    }

    public LocalCloud cloud() {
        return cloud;
    }

    /** Per function: invocations and mean duration since the start. */
    public Map<String, FunctionHost.Usage> usage() {
        Map<String, FunctionHost.Usage> usage = new LinkedHashMap<>();
        functions.forEach((id, function) -> usage.put(id, function.usage()));
        return usage;
    }

    public List<QueuePoller> pollers() {
        return pollers;
    }

    /** Waits until every event-source queue is empty and no batch is being processed. */
    public boolean awaitQueuesDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        while (System.nanoTime() < deadline) {
            quietChecks = isQuiet() ? quietChecks + 1 : 0;
            if (quietChecks >= 3) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private boolean isQuiet() {
        for (QueuePoller poller : pollers) {
            if (poller.inFlight() > 0) {
                return false;
            }
        }
        for (Specs.QueueSource source : template.queueSources(cloud.physicalIds())) {
            Map<QueueAttributeName, String> attributes = cloud.sqs().getQueueAttributes(b -> b
                    .queueUrl(cloud.queueUrl(source.queueId()))
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            for (String count : attributes.values()) {
                if (!"0".equals(count)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (faults != null) {
            faults.close();
        }
        scheduler.shutdownNow();
        pollers.forEach(QueuePoller::close);
        gateway.close();
        functions.values().forEach(FunctionHost::close);
        cloud.close();
    }
}
