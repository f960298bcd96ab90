package dev.flashsale.tests.template;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.admin.AdminHandler;
import dev.flashsale.admission.AdmissionHandler;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sale-read function's table in {@link FunctionPermissionsIT} is what its code calls: its context, with the
 * template's environment for SaleReadFunction, is started, primed and asked for a sale (one that asks for the
 * challenge on-under-load, so the load counters are read) and an unknown one, on each backend; every AWS request
 * its SDK clients send is recorded by the HTTP client they share. The DynamoDB calls recorded are the table's, and
 * nothing recorded is outside it. (The secrets are read through the SDK only on an emulator; on the embedded
 * servers they are environment values, and the table's secret grants come from the template's *_SECRET_ID
 * variables. Redis is no SDK call: its grant is elasticache:Connect, checked by the translated template.)
 */
class SaleReadCallsIT {

    private static final Pattern TARGET = Pattern.compile("^[A-Za-z0-9_]+\\.([A-Za-z]+)$");
    private static final Pattern TABLE = Pattern.compile("\"TableName\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern BATCH_TABLE = Pattern.compile("\"RequestItems\"\\s*:\\s*\\{\\s*\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"SecretId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern QUEUE = Pattern.compile("\"QueueUrl\"\\s*:\\s*\"([^\"]+)\"");

    /** The SDK's HTTP client, noting each request's IAM action and the physical name it acts on. */
    private static final class Recording implements SdkHttpClient {
        private final SdkHttpClient delegate = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build();
        final Set<String> requests = ConcurrentHashMap.newKeySet();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            String host = request.httpRequest().host();
            String body = request.contentStreamProvider().map(provider -> {
                try (InputStream in = provider.newStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).orElse("");
            Matcher operation = TARGET.matcher(target);
            String service = target.startsWith("DynamoDB") ? "dynamodb" : target.startsWith("AmazonSQS") ? "sqs"
                    : target.startsWith("secretsmanager") ? "secretsmanager" : "unknown(" + host + " " + target + ")";
            String resource = first(body, BATCH_TABLE, TABLE, SECRET, QUEUE);
            requests.add(service + ":" + (operation.matches() ? operation.group(1) : "?") + " " + resource);
            return delegate.prepareRequest(request);
        }

        private static String first(String body, Pattern... patterns) {
            for (Pattern pattern : patterns) {
                Matcher matcher = pattern.matcher(body);
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            return "?";
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void saleRead_shouldCallOnlyWhatItsTableLists_onEachBackend(String backend) throws Exception {
        Map<String, String> onBackend = Map.of("FLASHSALE_STOCK_BACKEND", backend);
        String saleId = "calls-" + UUID.randomUUID().toString().substring(0, 8);
        try (ApplicationContext admin = LocalCloudFixture.contextOf("AdminFunction", onBackend)) {
            APIGatewayProxyRequestEvent put = fixture(admin, "put-sale.json", saleId);
            put.setBody(put.getBody().replace("\"challenge\":\"off\"", "\"challenge\":\"on-under-load\""));
            APIGatewayProxyResponseEvent created = new AdminHandler(admin).handleRequest(put, null);
            assertEquals(201, created.getStatusCode(), created.getBody());
        }
        Recording recording = new Recording();
        ApplicationContext notStarted = LocalCloudFixture.builderOf("SaleReadFunction", onBackend);
        notStarted.registerBeanDefinition(RuntimeBeanDefinition.builder(SdkHttpClient.class, () -> recording)
                .replaces(SdkHttpClient.class).build());
        try (ApplicationContext context = notStarted.start()) {
            AdmissionHandler handler = new AdmissionHandler(context);
            String origin = LocalCloudFixture.cloud().apiOriginHeaders().get("X-Origin-Verify");
            APIGatewayProxyRequestEvent known = fixture(context, "get-sale.json", saleId);
            known.getHeaders().put("X-Origin-Verify", origin);
            APIGatewayProxyRequestEvent unknown = fixture(context, "get-sale.json", "no-such-" + saleId);
            unknown.getHeaders().put("X-Origin-Verify", origin);

            APIGatewayProxyResponseEvent found = handler.handleRequest(known, null);
            APIGatewayProxyResponseEvent missing = handler.handleRequest(unknown, null);

            assertEquals(200, found.getStatusCode(), found.getBody());
            assertEquals(404, missing.getStatusCode(), missing.getBody());
        }

        Set<String> recorded = new TreeSet<>();
        Map<String, String> logicalIds = logicalIds();
        for (String request : recording.requests) {
            String[] parts = request.split(" ", 2);
            recorded.add(parts[0] + " on " + logicalIds.getOrDefault(parts[1], parts[1]));
        }
        Set<String> tabled = new TreeSet<>();
        FunctionPermissionsIT.CALLS.get("SaleReadFunction").stream().filter(call -> call.madeBy(backend))
                .forEach(call -> tabled.add(call.action() + " on " + call.resource()));
        Set<String> outside = new TreeSet<>(recorded);
        outside.removeAll(tabled);
        assertEquals(Set.of(), outside, "calls the table does not list (so the role does not grant): " + recorded);
        Set<String> tabledDynamo = new TreeSet<>(tabled);
        tabledDynamo.removeIf(call -> !call.startsWith("dynamodb:"));
        Set<String> recordedDynamo = new TreeSet<>(recorded);
        recordedDynamo.removeIf(call -> !call.startsWith("dynamodb:"));
        assertEquals(tabledDynamo, recordedDynamo, "the table's DynamoDB calls, each made");
        assertTrue(recorded.contains("dynamodb:BatchGetItem on ProtectionTable"), recorded.toString());
    }

    /** The template's tables, secrets and queues by their local physical names. */
    private static Map<String, String> logicalIds() throws Exception {
        LocalCloud cloud = LocalCloudFixture.cloud();
        Map<String, String> ids = new HashMap<>();
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::SecretsManager::Secret")) {
            LocalCloudFixture.template().resourcesOfType(type).keySet()
                    .forEach(id -> ids.put(cloud.physicalIds().ref(id), id));
        }
        LocalCloudFixture.template().resourcesOfType("AWS::SQS::Queue").keySet()
                .forEach(id -> ids.put(cloud.queueUrl(id), id));
        return ids;
    }

    private static APIGatewayProxyRequestEvent fixture(ApplicationContext context, String name, String saleId)
            throws Exception {
        try (InputStream in = SaleReadCallsIT.class.getResourceAsStream("/events/" + name)) {
            APIGatewayProxyRequestEvent event = context.getBean(JsonMapper.class)
                    .readValue(in.readAllBytes(), APIGatewayProxyRequestEvent.class);
            event.setPathParameters(Map.of("saleId", saleId));
            event.setPath(event.getPath().replace("fixture-sale", saleId));
            event.setHeaders(new HashMap<>(event.getHeaders()));
            return event;
        }
    }
}
