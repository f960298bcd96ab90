package dev.flashsale.tests.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.admin.AdminHandler;
import dev.flashsale.admission.AdmissionHandler;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API handlers driven by recorded API Gateway proxy events (JSON fixtures), against real stores. Each test
 * puts a sale of its own (the fixture's definition under a fresh id), so that none depends on another's order.
 */
class ApiHandlersIT {

    private static ApplicationContext admissionContext;
    private static ApplicationContext adminContext;
    private static AdmissionHandler admission;
    private static AdminHandler admin;
    private static JsonMapper json;

    @BeforeAll
    static void start() throws Exception {
        // The recorded events came through CloudFront: they carry its origin header with this secret.
        admissionContext = LocalCloudFixture.contextOf("AdmissionFunction",
                Map.of("FLASHSALE_ORIGIN_SECRET", "fixture-origin-secret-behind-cloudfront"));
        adminContext = LocalCloudFixture.contextOf("AdminFunction", Map.of());
        admission = new AdmissionHandler(admissionContext);
        admin = new AdminHandler(adminContext);
        json = admissionContext.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        admissionContext.close();
        adminContext.close();
    }

    private static APIGatewayProxyRequestEvent fixture(String name) throws Exception {
        try (InputStream in = ApiHandlersIT.class.getResourceAsStream("/events/" + name)) {
            return json.readValue(in.readAllBytes(), APIGatewayProxyRequestEvent.class);
        }
    }

    private static Map<String, Object> body(APIGatewayProxyResponseEvent response) throws Exception {
        return json.readValue(response.getBody().getBytes(StandardCharsets.UTF_8),
                Argument.mapOf(String.class, Object.class));
    }

    /** A sale of this test's own: the fixture's definition under a fresh id. */
    private static String freshSale() throws Exception {
        String saleId = "fixture-" + UUID.randomUUID().toString().substring(0, 8);
        APIGatewayProxyResponseEvent created = admin.handleRequest(onSale(fixture("put-sale.json"), saleId), null);
        assertEquals(201, created.getStatusCode(), created.getBody());
        return saleId;
    }

    /** The fixture aimed at another sale: its path parameter and its path. */
    private static APIGatewayProxyRequestEvent onSale(APIGatewayProxyRequestEvent event, String saleId) {
        event.setPathParameters(Map.of("saleId", saleId));
        event.setPath(event.getPath().replace("fixture-sale", saleId));
        return event;
    }

    @Test
    void putSale_shouldCreateThenReplace_whenFixtureIsSentTwice() throws Exception {
        String saleId = "fixture-" + UUID.randomUUID().toString().substring(0, 8);
        APIGatewayProxyResponseEvent created = admin.handleRequest(onSale(fixture("put-sale.json"), saleId), null);
        APIGatewayProxyResponseEvent replaced = admin.handleRequest(onSale(fixture("put-sale.json"), saleId), null);

        assertEquals(201, created.getStatusCode(), created.getBody());
        assertEquals(200, replaced.getStatusCode());
        assertEquals("off", ((Map<?, ?>) body(created).get("protection")).get("challenge"));
    }

    @Test
    void putSale_shouldListEveryProblem_whenBodyIsInvalid() throws Exception {
        APIGatewayProxyResponseEvent response = admin.handleRequest(fixture("put-sale-invalid.json"), null);

        assertEquals(400, response.getStatusCode());
        Map<String, Object> error = body(response);
        assertEquals("INVALID_REQUEST", error.get("error"));
        assertTrue(error.get("message").toString().contains("startsAt"));
        assertTrue(error.get("message").toString().contains("protection.challenge"));
    }

    @Test
    void getSale_shouldDescribeTheOpenSaleWithEdgeCaching() throws Exception {
        String saleId = freshSale();
        APIGatewayProxyResponseEvent response = admission.handleRequest(onSale(fixture("get-sale.json"), saleId), null);

        assertEquals(200, response.getStatusCode());
        assertEquals("public, max-age=1", response.getHeaders().get("Cache-Control"));
        Map<String, Object> sale = body(response);
        assertEquals("OPEN", sale.get("status"));
        assertEquals(5, ((Number) sale.get("remaining")).intValue());
        assertTrue(sale.containsKey("serverTime"));
    }

    /** Issue 21, finding 3: an unknown id's 404 is kept briefly at the edge, so a flood repeating ids stays there. */
    @Test
    void getSale_shouldLetTheEdgeKeepTheAnswerAFewSeconds_whenNoSaleHasTheId() throws Exception {
        APIGatewayProxyResponseEvent response = admission.handleRequest(
                onSale(fixture("get-sale.json"), "no-such-sale-" + System.nanoTime()), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("public, max-age=5", response.getHeaders().get("Cache-Control"));
        assertEquals("SALE_NOT_FOUND", body(response).get("error"));
    }

    /** Issue 22 item 1, issue 21 finding 4: the sale's GET is one answer for all, with no protection value in it. */
    @Test
    void getSale_shouldAnswerTheSameForEveryone_withNoProtectionValueNorAShoppersStart() throws Exception {
        String saleId = jitteredSale();
        APIGatewayProxyRequestEvent anonymous = onSale(fixture("get-sale.json"), saleId);
        APIGatewayProxyRequestEvent naming = onSale(fixture("get-sale.json"), saleId);
        naming.setQueryStringParameters(Map.of("userId", "fixture-shopper"));

        Map<String, Object> plain = body(admission.handleRequest(anonymous, null));
        APIGatewayProxyResponseEvent named = admission.handleRequest(naming, null);
        Map<String, Object> withUser = body(named);

        assertEquals("public, max-age=1", named.getHeaders().get("Cache-Control"));
        for (String hidden : new String[] {"protection", "waitMillis", "buyableAt", "minAnswerMillis", "jitterMillis",
                "proofOfWorkBits", "perIpPerSecond", "perUserPerSecond"}) {
            assertFalse(plain.containsKey(hidden), hidden + " in " + plain);
            assertFalse(withUser.containsKey(hidden), hidden + " in " + withUser);
        }
        plain.remove("serverTime");
        withUser.remove("serverTime");
        assertEquals(plain, withUser, "a userId in the query changes nothing");
    }

    /** The shopper's own start, at a signed-in route of its own: to them only, never cached. */
    @Test
    void myStart_shouldTellTheSignedInShopperTheirOwnStart_only() throws Exception {
        String saleId = jitteredSale();
        APIGatewayProxyRequestEvent anonymous = onSale(fixture("get-sale-me.json"), saleId);
        anonymous.getRequestContext().setAuthorizer(null);

        APIGatewayProxyResponseEvent mine = admission.handleRequest(onSale(fixture("get-sale-me.json"), saleId), null);
        APIGatewayProxyResponseEvent again = admission.handleRequest(onSale(fixture("get-sale-me.json"), saleId), null);
        APIGatewayProxyResponseEvent other = admission.handleRequest(
                signedInAs(onSale(fixture("get-sale-me.json"), saleId), "another-shopper"), null);
        APIGatewayProxyResponseEvent unauthorized = admission.handleRequest(anonymous, null);

        assertEquals(200, mine.getStatusCode(), mine.getBody());
        assertEquals("no-store", mine.getHeaders().get("Cache-Control"));
        long wait = ((Number) body(mine).get("waitMillis")).longValue();
        assertTrue(wait >= 0 && wait <= 60_000, mine.getBody());
        assertEquals(java.time.Instant.parse("2020-01-01T00:00:00Z").plusMillis(wait).toString(),
                body(mine).get("buyableAt"));
        assertEquals(body(mine).get("buyableAt"), body(again).get("buyableAt"), "the same moment on every request");
        assertEquals(200, other.getStatusCode(), other.getBody());
        assertEquals(401, unauthorized.getStatusCode());
        assertEquals("UNAUTHORIZED", body(unauthorized).get("error"));
    }

    /** The fixture's sale with each shopper's start spread over a minute. */
    private static String jitteredSale() throws Exception {
        String saleId = "fixture-" + UUID.randomUUID().toString().substring(0, 8);
        APIGatewayProxyRequestEvent put = onSale(fixture("put-sale.json"), saleId);
        put.setBody(put.getBody().replace("{\"challenge\":\"off\"}",
                "{\"challenge\":\"off\",\"jitterMillis\":60000,\"minAnswerMillis\":1500}"));
        APIGatewayProxyResponseEvent created = admin.handleRequest(put, null);
        assertEquals(201, created.getStatusCode(), created.getBody());
        return saleId;
    }

    @Test
    void purchase_shouldAnswer202ThenConflict_whenTheSameShopperBuysTwice() throws Exception {
        String saleId = freshSale();
        APIGatewayProxyResponseEvent first = admission.handleRequest(onSale(fixture("purchase.json"), saleId), null);
        APIGatewayProxyResponseEvent second = admission.handleRequest(onSale(fixture("purchase.json"), saleId), null);

        assertEquals(202, first.getStatusCode(), first.getBody());
        assertEquals("PENDING", body(first).get("status"));
        assertEquals(409, second.getStatusCode());
        assertEquals("ALREADY_PURCHASED", body(second).get("error"));
    }

    @Test
    void purchase_shouldDecodeTheBody_whenApiGatewaySendsBase64() throws Exception {
        APIGatewayProxyResponseEvent response = admission.handleRequest(
                onSale(fixture("purchase-base64.json"), freshSale()), null);

        assertEquals(202, response.getStatusCode(), response.getBody());
    }

    @Test
    void purchase_shouldAnswerInvalidRequestWithoutDetails_whenJsonIsMalformed() throws Exception {
        APIGatewayProxyResponseEvent response = admission.handleRequest(fixture("purchase-malformed.json"), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("INVALID_REQUEST", body(response).get("error"));
        assertFalse(response.getBody().contains("Exception"), "no parser or stack text reaches the client");
    }

    @Test
    void purchase_shouldAnswer413_whenBodyExceeds4KiB() throws Exception {
        APIGatewayProxyRequestEvent event = fixture("purchase.json");
        event.setBody("{\"userId\":\"" + "x".repeat(5000) + "\",\"quantity\":1}");

        APIGatewayProxyResponseEvent response = admission.handleRequest(event, null);

        assertEquals(413, response.getStatusCode());
        assertEquals("PAYLOAD_TOO_LARGE", body(response).get("error"));
    }

    @Test
    void getOrder_shouldAnswer404_whenOrderIsUnknown() throws Exception {
        APIGatewayProxyResponseEvent response = admission.handleRequest(fixture("get-order-unknown.json"), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("ORDER_NOT_FOUND", body(response).get("error"));
    }

    @Test
    void getOrder_shouldSayPending_whenAdmittedButNotYetWritten() throws Exception {
        APIGatewayProxyRequestEvent purchase = signedInAs(onSale(fixture("purchase.json"), freshSale()),
                "pending-shopper");
        purchase.setBody("{\"quantity\":1}");
        String orderId = body(admission.handleRequest(purchase, null)).get("orderId").toString();
        APIGatewayProxyRequestEvent lookup = signedInAs(fixture("get-order-unknown.json"), "pending-shopper");
        lookup.setPathParameters(Map.of("orderId", orderId));

        APIGatewayProxyResponseEvent response = admission.handleRequest(lookup, null);

        assertEquals(200, response.getStatusCode());
        assertEquals("PENDING", body(response).get("status"));
        assertEquals("pending-shopper", body(response).get("userId"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        APIGatewayProxyResponseEvent someoneElse = admission.handleRequest(
                signedInAs(lookupOf(orderId), "someone-else"), null);
        assertEquals(403, someoneElse.getStatusCode(), "a shopper reads only their own orders");
        assertEquals("FORBIDDEN", body(someoneElse).get("error"));
    }

    @Test
    void shopperRoutes_shouldTakeTheShopperFromTheVerifiedClaims_neverFromTheBody() throws Exception {
        String saleId = freshSale();
        APIGatewayProxyRequestEvent anonymous = onSale(fixture("purchase.json"), saleId);
        anonymous.getRequestContext().setAuthorizer(null);
        APIGatewayProxyRequestEvent impostor = signedInAs(onSale(fixture("purchase.json"), saleId), "claims-shopper");
        impostor.setBody("{\"userId\":\"somebody-else\",\"quantity\":1}");
        APIGatewayProxyRequestEvent honest = signedInAs(onSale(fixture("purchase.json"), saleId), "claims-shopper");
        honest.setBody("{\"userId\":\"claims-shopper\",\"quantity\":1}");

        APIGatewayProxyResponseEvent unauthorized = admission.handleRequest(anonymous, null);
        APIGatewayProxyResponseEvent refused = admission.handleRequest(impostor, null);
        APIGatewayProxyResponseEvent bought = admission.handleRequest(honest, null);

        assertEquals(401, unauthorized.getStatusCode());
        assertEquals("UNAUTHORIZED", body(unauthorized).get("error"));
        assertEquals(403, refused.getStatusCode());
        assertEquals("FORBIDDEN", body(refused).get("error"));
        assertEquals(202, bought.getStatusCode(), bought.getBody());
    }

    private static APIGatewayProxyRequestEvent lookupOf(String orderId) throws Exception {
        APIGatewayProxyRequestEvent lookup = fixture("get-order-unknown.json");
        lookup.setPathParameters(Map.of("orderId", orderId));
        return lookup;
    }

    /** What API Gateway's Cognito authorizer adds for a verified token of {@code sub}. */
    private static APIGatewayProxyRequestEvent signedInAs(APIGatewayProxyRequestEvent event, String sub) {
        event.getRequestContext().setAuthorizer(Map.of("claims", Map.of("sub", sub, "token_use", "id")));
        return event;
    }

    @Test
    void getSale_shouldAnswer403DirectAccess_whenTheOriginHeaderIsMissingOrWrong() throws Exception {
        // given: the template's admission function sits behind CloudFront
        APIGatewayProxyRequestEvent direct = fixture("get-sale.json");
        direct.getHeaders().remove("X-Origin-Verify");
        APIGatewayProxyRequestEvent forged = fixture("get-sale.json");
        forged.getHeaders().put("X-Origin-Verify", "guessed");

        // when
        APIGatewayProxyResponseEvent refused = admission.handleRequest(direct, null);
        APIGatewayProxyResponseEvent alsoRefused = admission.handleRequest(forged, null);

        // then
        assertEquals(403, refused.getStatusCode());
        assertEquals("DIRECT_ACCESS", body(refused).get("error"));
        assertEquals(403, alsoRefused.getStatusCode());
    }

    @Test
    void routes_shouldAnswer405Or404_whenTheMethodOrTheResourceIsNotARoute() throws Exception {
        // given: a route of each function with a method it does not have, and a resource neither has
        APIGatewayProxyRequestEvent shopperWrongMethod = fixture("get-sale.json");
        shopperWrongMethod.setHttpMethod("DELETE");
        APIGatewayProxyRequestEvent shopperUnknown = fixture("get-sale.json");
        shopperUnknown.setResource("/api/nowhere");
        APIGatewayProxyRequestEvent adminWrongMethod = fixture("put-sale.json");
        adminWrongMethod.setHttpMethod("PATCH");
        APIGatewayProxyRequestEvent adminUnknown = fixture("put-sale.json");
        adminUnknown.setResource("/api/admin/nowhere");

        // when
        APIGatewayProxyResponseEvent notAllowed = admission.handleRequest(shopperWrongMethod, null);
        APIGatewayProxyResponseEvent notFound = admission.handleRequest(shopperUnknown, null);
        APIGatewayProxyResponseEvent adminNotAllowed = admin.handleRequest(adminWrongMethod, null);
        APIGatewayProxyResponseEvent adminNotFound = admin.handleRequest(adminUnknown, null);

        // then
        assertEquals(405, notAllowed.getStatusCode());
        assertEquals("METHOD_NOT_ALLOWED", body(notAllowed).get("error"));
        assertEquals(404, notFound.getStatusCode());
        assertEquals("NOT_FOUND", body(notFound).get("error"));
        assertEquals(405, adminNotAllowed.getStatusCode());
        assertEquals(404, adminNotFound.getStatusCode());
    }

    @Test
    void blocklist_shouldServeItsOldNameAsAnAlias_whenAScriptStillCallsIt() throws Exception {
        // given: an entry added through the old name
        String user = "alias-" + UUID.randomUUID().toString().substring(0, 8);
        APIGatewayProxyRequestEvent add = blocklistRoute("/api/admin/blacklist", "POST")
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"type\":\"user\",\"value\":\"" + user + "\"}");

        // when
        APIGatewayProxyResponseEvent added = admin.handleRequest(add, null);
        APIGatewayProxyResponseEvent listed = admin.handleRequest(blocklistRoute("/api/admin/blocklist", "GET"), null);
        APIGatewayProxyResponseEvent listedByAlias = admin.handleRequest(
                blocklistRoute("/api/admin/blacklist", "GET"), null);
        APIGatewayProxyResponseEvent removed = admin.handleRequest(blocklistRoute("/api/admin/blocklist", "DELETE")
                .withQueryStringParameters(Map.of("type", "user", "value", user)), null);

        // then: both names reach the same routes
        assertEquals(201, added.getStatusCode(), added.getBody());
        assertEquals(user, body(added).get("value"));
        assertEquals(200, listed.getStatusCode());
        assertTrue(listed.getBody().contains(user), listed.getBody());
        assertEquals(listed.getBody(), listedByAlias.getBody());
        assertEquals(200, removed.getStatusCode(), "what the old name added, the new name removes");
    }

    /**
     * Issue 22, item 7: a reconcile of every sale can outrun any synchronous route (API Gateway gives 29 s at most):
     * the route leaves it to the scheduled reconciler and answers 202 at once; one sale's reconcile runs now.
     */
    @Test
    void reconcile_shouldAnswer202AndLeaveEverySaleToTheScheduledReconciler_andRunOneSaleNow() throws Exception {
        String saleId = freshSale();
        APIGatewayProxyRequestEvent everySale = blocklistRoute("/api/admin/reconcile", "POST");
        APIGatewayProxyRequestEvent oneSale = blocklistRoute("/api/admin/reconcile", "POST")
                .withQueryStringParameters(Map.of("saleId", saleId));

        APIGatewayProxyResponseEvent scheduled = admin.handleRequest(everySale, null);
        APIGatewayProxyResponseEvent ran = admin.handleRequest(oneSale, null);

        assertEquals(202, scheduled.getStatusCode(), scheduled.getBody());
        assertEquals("SCHEDULED", body(scheduled).get("status"));
        assertEquals(200, ran.getStatusCode(), ran.getBody());
        assertTrue(ran.getBody().contains(saleId), ran.getBody());
    }

    private static APIGatewayProxyRequestEvent blocklistRoute(String resource, String method) {
        return new APIGatewayProxyRequestEvent().withResource(resource).withPath(resource).withHttpMethod(method);
    }
}
