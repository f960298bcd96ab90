package dev.flashsale.tests.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.flashsale.admin.AdminHandler;
import dev.flashsale.admission.AdmissionHandler;
import dev.flashsale.local.functions.LocalLambdaContext;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * What a container writes is complete when its invocation returns (Lambda may freeze it right after and never thaw
 * it), and every line of an invocation names it: the Lambda request id and API Gateway's request id.
 */
class InvocationLogIT {

    private static ApplicationContext admissionContext;
    private static ApplicationContext adminContext;
    private static JsonMapper json;

    @BeforeAll
    static void start() throws Exception {
        // The recorded events came through CloudFront: they carry its origin header with this secret.
        admissionContext = LocalCloudFixture.contextOf("AdmissionFunction",
                Map.of("FLASHSALE_ORIGIN_SECRET", "fixture-origin-secret-behind-cloudfront"));
        adminContext = LocalCloudFixture.contextOf("AdminFunction", Map.of());
        json = admissionContext.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        admissionContext.close();
        adminContext.close();
    }

    @Test
    void purchases_shouldBeCountedByTheEndOfTheirOwnInvocation_whenThreeComeWithinOneSecond() throws Exception {
        // given: a sale of 5, and one warm admission container
        APIGatewayProxyRequestEvent create = fixture("put-sale.json");
        create.setPathParameters(Map.of("saleId", "log-sale"));
        assertEquals(201, new AdminHandler(adminContext).handleRequest(create,
                new LocalLambdaContext("AdminFunction", 30, 512)).getStatusCode());
        AdmissionHandler admission = new AdmissionHandler(admissionContext);

        // when: three shoppers buy, one after the other, well within a second; each invocation's output apart
        List<List<JsonNode>> written = new ArrayList<>();
        List<LocalLambdaContext> contexts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            APIGatewayProxyRequestEvent purchase = purchase("log-shopper-" + i);
            purchase.getRequestContext().setRequestId("api-request-" + i);
            LocalLambdaContext context = new LocalLambdaContext("AdmissionFunction", 30, 512);
            contexts.add(context);
            written.add(linesOf(() -> assertEquals(202, admission.handleRequest(purchase, context).getStatusCode())));
        }

        // then: each invocation wrote its own Admitted count before it returned, and named itself on every line
        for (int i = 0; i < 3; i++) {
            List<JsonNode> lines = written.get(i);
            assertEquals(1, sum(lines, "Admitted"), "invocation " + i + " wrote " + lines);
            for (JsonNode line : lines) {
                assertEquals(contexts.get(i).getAwsRequestId(), text(line, "requestId"), line.toString());
                assertEquals("api-request-" + i, text(line, "apiRequestId"), line.toString());
            }
        }
        assertNotEquals(contexts.get(0).getAwsRequestId(), contexts.get(1).getAwsRequestId());
    }

    @Test
    void refusals_shouldNameTheirInvocation_andCarryNoShopperInClear() throws Exception {
        // given
        AdmissionHandler admission = new AdmissionHandler(admissionContext);
        APIGatewayProxyRequestEvent unknownSale = purchase("log-refused-shopper");
        unknownSale.setPathParameters(Map.of("saleId", "no-such-sale"));
        unknownSale.getRequestContext().setRequestId("api-refused");
        LocalLambdaContext context = new LocalLambdaContext("AdmissionFunction", 30, 512);

        // when
        List<JsonNode> lines = linesOf(() -> admission.handleRequest(unknownSale, context));

        // then
        assertFalse(lines.isEmpty());
        for (JsonNode line : lines) {
            assertEquals(context.getAwsRequestId(), text(line, "requestId"), line.toString());
            assertEquals("api-refused", text(line, "apiRequestId"), line.toString());
            assertFalse(line.toString().contains("log-refused-shopper"), "the shopper id in clear: " + line);
        }
    }

    /** What {@code work} writes to standard output, as JSON lines (the functions' log). */
    private static List<JsonNode> linesOf(Runnable work) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                lines.add(json.readValue(line, JsonNode.class));
            }
        }
        return lines;
    }

    private static long sum(List<JsonNode> lines, String metric) {
        return lines.stream().filter(line -> line.get(metric) != null).mapToLong(line -> line.get(metric).getLongValue())
                .sum();
    }

    private static String text(JsonNode line, String field) {
        return line.get(field) == null ? null : line.get(field).getStringValue();
    }

    private static APIGatewayProxyRequestEvent purchase(String userId) throws Exception {
        APIGatewayProxyRequestEvent event = fixture("purchase.json");
        event.setPathParameters(Map.of("saleId", "log-sale"));
        // as the Cognito authorizer passes the verified shopper
        event.getRequestContext().setAuthorizer(Map.of("claims", Map.of("sub", userId, "token_use", "id")));
        event.setBody("{\"quantity\":1}");
        return event;
    }

    private static APIGatewayProxyRequestEvent fixture(String name) throws Exception {
        try (InputStream in = InvocationLogIT.class.getResourceAsStream("/events/" + name)) {
            return json.readValue(in.readAllBytes(), APIGatewayProxyRequestEvent.class);
        }
    }
}
