package dev.flashsale.tests.template;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.template.CloudFormationYaml;
import dev.flashsale.local.template.Intrinsic;
import dev.flashsale.local.template.Specs;
import dev.flashsale.local.template.StackTemplate;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What no linter here checks in template.yaml: against the built jars, the code and the resource specification. */
class TemplateIT {

    /**
     * SAM properties the package's SAM specification does not list yet although SAM documents them (its SAM part
     * lags SAM itself): SnapStart, LoggingConfig, the SQS event source's batching window, partial batch responses
     * and maximum concurrency, and an API event's InvokeRole. SamTranslationIT shows the SAM translator taking
     * each of them. Each is asserted below to be still missing from the specification, so this list shrinks as it
     * catches up; nothing else may be unknown.
     */
    private static final Set<String> SAM_NEWER_THAN_SPECIFICATION =
            Set.of("AWS::Serverless::Function.SnapStart", "AWS::Serverless::Function.LoggingConfig");
    private static final java.util.regex.Pattern SQS_EVENT_NEWER_THAN_SPECIFICATION = java.util.regex.Pattern.compile(
            "[A-Za-z]+\\.Events\\.[A-Za-z]+\\.Properties\\.(FunctionResponseTypes|MaximumBatchingWindowInSeconds|ScalingConfig): no such property");
    private static final java.util.regex.Pattern API_EVENT_NEWER_THAN_SPECIFICATION = java.util.regex.Pattern.compile(
            "[A-Za-z]+\\.Events\\.[A-Za-z]+\\.Properties\\.Auth\\.InvokeRole: no such property");
    /** SAM's API-wide {@code Auth.ApiKeyRequired} (issue 22, item 4): the translator takes it, the spec lacks it. */
    private static final java.util.regex.Pattern API_AUTH_NEWER_THAN_SPECIFICATION = java.util.regex.Pattern.compile(
            "[A-Za-z]+\\.Auth\\.ApiKeyRequired: no such property");

    private static final Path ROOT = LocalSystem.projectRoot();
    private static Map<String, Object> raw;
    private static ResourceSpecification specification;
    private static final StackTemplate.PhysicalIds IDS = StackTemplate.physicalIds(id -> id, (id, a) -> id + "." + a);

    @BeforeAll
    static void load() throws Exception {
        raw = CloudFormationYaml.read(ROOT.resolve("template.yaml"));
        Path db = ROOT.resolve("tests/node_modules/@aws-cdk/aws-service-spec/db.json.gz");
        assertTrue(Files.exists(db), "the build fetches @aws-cdk/aws-service-spec (npm ci in tests/)");
        specification = new ResourceSpecification(db);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) raw.get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties == null ? Map.of() : (Map<String, Object>) properties;
    }

    private static StackTemplate template(Map<String, String> overrides) throws Exception {
        return StackTemplate.read(ROOT.resolve("template.yaml"), overrides);
    }

    @Test
    void everyResourceTypeAndPropertyName_shouldExistInTheResourceSpecification() {
        List<String> problems = new ArrayList<>();
        resources().forEach((id, resource) -> {
            String type = String.valueOf(resource.get("Type"));
            Map<String, Object> checked = new HashMap<>(properties(resource));
            checked.keySet().removeIf(name -> SAM_NEWER_THAN_SPECIFICATION.contains(type + "." + name));
            problems.addAll(specification.check(id, type, checked));
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> globals = (Map<String, Object>) raw.get("Globals");
        @SuppressWarnings("unchecked")
        Map<String, Object> functionGlobals = new HashMap<>((Map<String, Object>) globals.get("Function"));
        functionGlobals.keySet().removeIf(name -> SAM_NEWER_THAN_SPECIFICATION.contains("AWS::Serverless::Function." + name));
        problems.addAll(specification.check("Globals.Function", "AWS::Serverless::Function", functionGlobals));

        problems.removeIf(problem -> SQS_EVENT_NEWER_THAN_SPECIFICATION.matcher(problem).matches()
                || API_EVENT_NEWER_THAN_SPECIFICATION.matcher(problem).matches()
                || API_AUTH_NEWER_THAN_SPECIFICATION.matcher(problem).matches());
        assertEquals(List.of(), problems);
        List<String> sqsProbe = specification.check("Probe", "AWS::Serverless::Function", Map.of("Events", Map.of("Q",
                Map.of("Type", "SQS", "Properties", Map.of("Queue", "arn", "BatchSize", 10,
                        "FunctionResponseTypes", List.of("ReportBatchItemFailures"), "MaximumBatchingWindowInSeconds", 1,
                        "ScalingConfig", Map.of("MaximumConcurrency", 2))))));
        assertEquals(3, sqsProbe.size(), "the SQS event's newer properties are in the specification now: " + sqsProbe);
        List<String> apiProbe = specification.check("Probe", "AWS::Serverless::Function", Map.of("Events", Map.of("A",
                Map.of("Type", "Api", "Properties", Map.of("Path", "/", "Method", "GET",
                        "Auth", Map.of("Authorizer", "AWS_IAM", "InvokeRole", "NONE"))))));
        assertEquals(1, apiProbe.size(), "the API event's InvokeRole is in the specification now: " + apiProbe);
        List<String> apiAuthProbe = specification.check("Probe", "AWS::Serverless::Api", Map.of("StageName", "live",
                "Auth", Map.of("ApiKeyRequired", true)));
        assertEquals(1, apiAuthProbe.size(), "the API's Auth.ApiKeyRequired is in the specification now: " + apiAuthProbe);
        for (String allowed : SAM_NEWER_THAN_SPECIFICATION) {
            String[] parts = allowed.split("\\.");
            assertFalse(specification.hasProperty(parts[0], parts[1]),
                    allowed + " is in the specification now: drop it from SAM_NEWER_THAN_SPECIFICATION");
        }
    }

    @Test
    void specificationCheck_shouldCatchAMisspelledNestedProperty() {
        List<String> problems = specification.check("Probe", "AWS::SQS::Queue",
                Map.of("VisibilityTimeout", 30, "RedrivePolicy", Map.of("deadLetterTargetArn", "x"), "VisiblityTimeout", 1));
        assertEquals(List.of("Probe.VisiblityTimeout: no such property"), problems);
        assertEquals(1, specification.check("Probe", "AWS::DynamoDB::Table",
                Map.of("KeySchema", List.of(Map.of("AttributeName", "pk", "KeyTyp", "HASH")))).size());
    }

    /**
     * Defect 3: sam build, as SAM CLI's makefile workflow runs it: the CodeUri directory copied to a scratch
     * directory (without .aws-sam and .git), then {@code make --makefile <CodeUri>/Makefile build-<LogicalId>} there
     * with ARTIFACTS_DIR set. The artifact must hold the handler class (in lib/, where the Java runtime loads jars).
     */
    @Test
    void everyFunction_shouldBuildTheWaySamBuildDoes_withItsHandlerInTheArtifact() throws Exception {
        for (Specs.Function function : template(Map.of()).functions(IDS)) {
            Map<String, Object> resource = resources().get(function.logicalId());
            assertEquals(Map.of("BuildMethod", "makefile"), resource.get("Metadata"), function.logicalId());
            Path codeUri = ROOT.resolve(String.valueOf(properties(resource).get("CodeUri")));
            Path scratch = Files.createTempDirectory("sam-build-scratch");
            Path artifacts = Files.createTempDirectory("sam-build-artifacts");
            copyTree(codeUri, scratch);

            assertTrue(make(codeUri, scratch, function.logicalId(), null).exitCode() != 0,
                    "without ARTIFACTS_DIR the build refuses");
            MakeRun build = make(codeUri, scratch, function.logicalId(), artifacts);
            assertEquals(0, build.exitCode(), function.logicalId() + ": " + build.output());

            List<Path> jars;
            try (var files = Files.list(artifacts.resolve("lib"))) {
                jars = files.toList();
            }
            assertEquals(1, jars.size(), function.logicalId() + ": " + jars);
            try (ZipFile zip = new ZipFile(jars.get(0).toFile())) {
                assertNotNull(zip.getEntry(function.handlerClass().replace('.', '/') + ".class"),
                        function.logicalId() + ": " + function.handlerClass() + " in " + jars.get(0));
                assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("software/amazon/awssdk/http/apache")),
                        "only the URL-connection HTTP client goes into " + jars.get(0));
            }
            deleteTree(scratch);
            deleteTree(artifacts);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    private record MakeRun(int exitCode, String output) {
    }

    private static MakeRun make(Path codeUri, Path workingDirectory, String logicalId, Path artifacts) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("make", "--makefile", codeUri.resolve("Makefile").toString(),
                "build-" + logicalId).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().remove("ARTIFACTS_DIR");
        if (artifacts != null) {
            builder.environment().put("ARTIFACTS_DIR", artifacts.toString());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        return new MakeRun(process.waitFor(), output);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(path);
                if (relative.startsWith(".aws-sam") || relative.startsWith(".git")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A function starts from exactly the environment the template gives it: every setting it reads is there. */
    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void everyFunction_shouldStartFromTheTemplateEnvironmentAlone(String backend) throws Exception {
        var cloud = LocalCloudFixture.cloud();
        for (Specs.Function function : template(Map.of("StockBackend", backend, "TestStack", "true"))
                .functions(cloud.physicalIds())) {
            ApplicationContext context = FunctionHost.contextFor("template", cloud.environmentOf(function))
                    .environmentVariableExcludes(".*") // the template's variables only, not this machine's
                    .build();
            try {
                Class.forName(function.handlerClass()).getConstructor(ApplicationContext.class).newInstance(context);
            } finally {
                context.close();
            }
        }
    }

    /**
     * As Lambda starts it: each function's deployed jar in a fresh JVM, the context built by its no-arg
     * constructor, the template's environment and nothing else, then a first event. A bean one function builds
     * at init with a setting only another function has fails here (it did: eager singletons needed the
     * challenge secret in the order, admin and reconciler functions).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void everyFunction_shouldStartFromItsJarInAFreshJvm_whenGivenOnlyTheTemplateEnvironment(String backend)
            throws Exception {
        var cloud = LocalCloudFixture.cloud();
        for (Specs.Function function : template(Map.of("StockBackend", backend, "TestStack", "true"))
                .functions(cloud.physicalIds())) {
            dev.flashsale.local.bench.ColdStart.startFresh(cloud, function);
        }
    }

    /** Issue 21, finding 8: payment was free in production, as "fake" was the only provider and nothing else asked. */
    @Test
    @SuppressWarnings("unchecked")
    void testStack_shouldBeAParameterDefaultingToFalse_thatReachesEveryFunctionAsFlashsaleTestStack()
            throws Exception {
        Map<String, Object> parameter =
                (Map<String, Object>) ((Map<String, Object>) raw.get("Parameters")).get("TestStack");
        assertNotNull(parameter, "a TestStack parameter");
        assertEquals("false", String.valueOf(parameter.get("Default")));
        assertEquals(List.of("true", "false"), parameter.get("AllowedValues"));

        for (String value : List.of("false", "true")) {
            for (Specs.Function function : template(Map.of("TestStack", value)).functions(IDS)) {
                assertEquals(value, function.environment().get("FLASHSALE_TEST_STACK"), function.logicalId());
            }
        }
    }

    /** With the template's defaults (TestStack=false) and the fake provider, no function starts. */
    @Test
    void everyFunction_shouldRefuseToStart_whenPaymentIsFakeOnAStackThatIsNotATestStack() throws Exception {
        var cloud = LocalCloudFixture.cloud();
        StackTemplate defaults = template(Map.of());
        assertEquals("fake", defaults.parameter("PaymentProvider"));
        for (Specs.Function function : defaults.functions(cloud.physicalIds())) {
            ApplicationContext context = FunctionHost.contextFor("template", cloud.environmentOf(function))
                    .environmentVariableExcludes(".*")
                    .build();
            try {
                Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () ->
                        Class.forName(function.handlerClass()).getConstructor(ApplicationContext.class)
                                .newInstance(context), function.logicalId() + " must not start");
                StringBuilder causes = new StringBuilder();
                for (Throwable t = refused; t != null; t = t.getCause()) {
                    causes.append(t.getMessage()).append('\n');
                }
                assertTrue(causes.toString().contains("FLASHSALE_PAYMENT_PROVIDER=fake")
                        && causes.toString().contains("TestStack=true"), causes.toString());
            } finally {
                context.close();
            }
        }
    }

    @Test
    void orderQueue_shouldAgreeWithTheOrderFunction() throws Exception {
        StackTemplate template = template(Map.of());
        Specs.QueueSource source = template.queueSources(IDS).get(0);
        Specs.Function orders = template.functions(IDS).stream()
                .filter(f -> f.logicalId().equals(source.functionId())).findFirst().orElseThrow();
        Specs.Queue queue = template.queues(IDS).stream()
                .filter(q -> q.logicalId().equals(source.queueId())).findFirst().orElseThrow();

        assertTrue(queue.visibilityTimeoutSeconds() >= 6 * orders.timeoutSeconds(),
                "visibility timeout " + queue.visibilityTimeoutSeconds() + " >= 6 x " + orders.timeoutSeconds());
        assertTrue(source.maximumConcurrency() <= orders.reservedConcurrency(),
                "MaximumConcurrency within the reserved concurrency");
        assertTrue(source.reportsBatchItemFailures());
        assertNotNull(queue.deadLetterQueueId());
        assertTrue(queue.maxReceiveCount() >= 1);
        assertFalse(properties(resources().get(orders.logicalId())).containsKey("DeadLetterQueue"),
                "no function DLQ on an SQS consumer (it applies to async invokes only)");
        long exhaustedAfterSeconds = (long) queue.maxReceiveCount() * queue.visibilityTimeoutSeconds();
        assertTrue(Long.parseLong(template.parameter("ReconcileAfterMinutes")) * 60 > exhaustedAfterSeconds,
                "the reconciler waits until a message has left for the DLQ");
    }

    /** A pass holds each sale's lease from its start: the lease must outlive any function that runs a pass. */
    @Test
    void reconcilerLease_shouldOutlastEveryFunctionThatRunsAPass_plusOneSecondOfClockSkew() throws Exception {
        for (Specs.Function function : template(Map.of()).functions(IDS)) {
            if (function.logicalId().equals("ReconcilerFunction") || function.logicalId().equals("AdminFunction")) {
                assertTrue(dev.flashsale.core.reconcile.Reconciliation.LEASE.toSeconds() > function.timeoutSeconds() + 1,
                        function.logicalId() + " times out after " + function.timeoutSeconds() + " s");
            }
        }
    }

    @Test
    void everySqsEventSource_shouldReportBatchItemFailures() throws Exception {
        for (Specs.QueueSource source : template(Map.of()).queueSources(IDS)) {
            assertTrue(source.reportsBatchItemFailures(), source.functionId());
        }
    }

    @Test
    void purchaseRoute_shouldBeThrottledTighterThanTheStage() throws Exception {
        List<Specs.Throttle> throttles = template(Map.of()).throttles(IDS);
        Specs.Throttle stage = throttles.stream().filter(Specs.Throttle::isStageWide).findFirst().orElseThrow();
        Specs.Throttle purchases = throttles.stream()
                .filter(t -> !t.isStageWide() && t.matches("POST", "/api/sales/{saleId}/purchases"))
                .findFirst().orElseThrow();

        assertTrue(purchases.ratePerSecond() < stage.ratePerSecond());
        assertTrue(purchases.burst() <= stage.burst());
    }

    /** Defect 9: a stage throttle above the account's (10,000 requests/s, burst 5,000) is silently capped. */
    @Test
    void defaultThrottles_shouldStayWithinTheAccountDefaults() throws Exception {
        for (Specs.Throttle throttle : template(Map.of()).throttles(IDS)) {
            assertTrue(throttle.ratePerSecond() <= 10_000, throttle.toString());
            assertTrue(throttle.burst() <= 5_000, throttle.toString());
        }
    }

    @Test
    void adminRoutes_shouldBeIamAuthorised_andShopperRoutesOpen() throws Exception {
        List<Specs.Route> routes = template(Map.of()).routes();
        assertTrue(routes.stream().anyMatch(r -> r.path().startsWith("/api/admin/")));
        for (Specs.Route route : routes) {
            assertEquals(route.path().startsWith("/api/admin/"), route.iamAuthorised(), route.toString());
        }
    }

    @Test
    void everyFunction_shouldRunJava21OnArmWithSnapStartOnAnAlias() {
        @SuppressWarnings("unchecked")
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) raw.get("Globals")).get("Function");
        assertEquals("java21", globals.get("Runtime"));
        assertEquals(List.of("arm64"), globals.get("Architectures"));
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"));
        assertTrue(globals.get("AutoPublishAlias") instanceof Intrinsic, "an alias per stage");
        resources().forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                assertFalse(properties(resource).containsKey("Runtime"), id + " keeps the global runtime");
            }
        });
    }
}
