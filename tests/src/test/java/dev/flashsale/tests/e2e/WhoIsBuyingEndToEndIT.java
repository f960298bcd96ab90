package dev.flashsale.tests.e2e;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.simulate.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who is buying, through the local gateway over HTTP: shopper routes need a token the gateway verifies as the
 * Cognito authorizer does, the token (never the body) names the shopper, every body keeps the contract's JSON
 * types, and every protocol error is a JSON answer.
 */
class WhoIsBuyingEndToEndIT {

    private static final String SALE = "who-is-buying";
    private static LocalSystem system;
    private static ExecutorService executor;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0, Map.of()));
        executor = Executors.newFixedThreadPool(4);
        api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
        Instant now = Instant.now();
        assertEquals(201, api.createSale(SALE, 50, now.minusSeconds(1), now.plusSeconds(3600),
                "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}").status());
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        system.close();
    }

    private static void assertError(ApiClient.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.rawBody());
        assertEquals(code, answer.text("error"), answer.rawBody());
        assertNotNull(answer.text("message"));
        assertTrue(answer.header("Content-Type").startsWith("application/json"));
    }

    // ---------------------------------------------------------------- identity

    @Test
    void shopperRoutes_shouldAnswer401Json_withoutAValidToken() {
        String expired = system.identity().issue("late-shopper", Instant.now().minusSeconds(7200)).token();
        String otherAudience = system.identity().signClaims(Map.of("sub", "x", "aud", "another-client",
                "iss", system.identity().issuer(), "token_use", "id", "exp", Instant.now().getEpochSecond() + 600));
        for (String token : new String[] {null, "garbage", expired, otherAudience}) {
            ApiClient client = token == null ? api : api.withToken(token);
            assertError(client.post("/api/sales/" + SALE + "/purchases", "{\"quantity\":1}"), 401, "UNAUTHORIZED");
            assertError(client.get("/api/sales/" + SALE + "/challenge"), 401, "UNAUTHORIZED");
            assertError(client.get("/api/orders/00000000-0000-4000-8000-000000000000"), 401, "UNAUTHORIZED");
        }
        assertEquals(200, api.get("/api/sales/" + SALE).status(), "the sale itself stays public");
    }

    @Test
    void purchase_shouldBeTheTokensShopper_whateverTheBodySays() {
        ApiClient alice = api.signedInAs("alice");

        assertError(alice.post("/api/sales/" + SALE + "/purchases", "{\"userId\":\"bob\",\"quantity\":1}"),
                403, "FORBIDDEN");
        assertError(alice.get("/api/sales/" + SALE + "/challenge?userId=bob"), 403, "FORBIDDEN");
        ApiClient.Answer bought = alice.post("/api/sales/" + SALE + "/purchases", "{\"quantity\":1}");
        assertEquals(202, bought.status(), bought.rawBody());
        String orderId = bought.text("orderId");

        assertEquals("alice", alice.get("/api/orders/" + orderId).text("userId"));
        assertError(api.signedInAs("bob").get("/api/orders/" + orderId), 403, "FORBIDDEN");
        assertError(alice.post("/api/sales/" + SALE + "/purchases", "{\"userId\":\"alice\",\"quantity\":1}"),
                409, "ALREADY_PURCHASED");
    }

    /**
     * Issue 21 finding 4: a sale for accounts made before it was announced, with a verified email. The token's
     * claims decide (the local pool stamps them as the template's Cognito pool does); a refused account is a 403
     * with its own code, and no unit moves.
     */
    @Test
    void purchase_shouldRefuseTooNewAndUnverifiedAccounts_beforeTouchingStock() {
        String saleId = "eligible-" + Long.toString(System.nanoTime(), 36);
        Instant now = Instant.now();
        Instant announced = now.minus(java.time.Duration.ofDays(7));
        assertEquals(201, api.createSale(saleId, 3, now.minusSeconds(1), now.plusSeconds(3600),
                "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0,\"accountsCreatedBefore\":\""
                        + announced + "\",\"requireVerifiedEmail\":true}").status());
        ApiClient fresh = api.signedInAs("made-today-" + saleId);
        ApiClient unverified = api.withToken(api.signIn("unverified-" + saleId, announced.minusSeconds(86_400), false));
        ApiClient regular = api.withToken(api.signIn("regular-" + saleId, announced.minusSeconds(86_400), true));

        assertError(fresh.post("/api/sales/" + saleId + "/purchases", "{\"quantity\":1}"), 403, "ACCOUNT_TOO_NEW");
        assertError(unverified.post("/api/sales/" + saleId + "/purchases", "{\"quantity\":1}"), 403,
                "EMAIL_NOT_VERIFIED");
        assertEquals(3, api.get("/api/sales/" + saleId).number("remaining"), "no unit moved for a refused account");
        ApiClient.Answer bought = regular.post("/api/sales/" + saleId + "/purchases", "{\"quantity\":1}");
        assertEquals(202, bought.status(), bought.rawBody());
        ApiClient.Answer definition = api.get("/api/admin/sales/" + saleId);
        assertTrue(definition.rawBody().contains("\"requireVerifiedEmail\":true"), definition.rawBody());
        assertTrue(definition.rawBody().contains(announced.toString()), definition.rawBody());
    }

    @Test
    void localSignIn_shouldServeThisMachineOnly_withStrictInput() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(system.baseUrl().resolve("/auth/local/token"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"shopper\":\"victim\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(system.baseUrl().resolve("/auth/local/token"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"shopper\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(403, crossSite.statusCode());
        assertEquals(415, plain.statusCode());
        assertTrue(plain.body().contains("UNSUPPORTED_MEDIA_TYPE"));
        for (String shopper : new String[] {"\"\"", "123", "\"a\\u202eb\"", "\"\\ud800\"", "\"" + "x".repeat(65) + "\""}) {
            assertError(api.post("/auth/local/token", "{\"shopper\":" + shopper + "}"), 400, "INVALID_REQUEST");
        }
        ApiClient.Answer jwks = api.get("/auth/local/.well-known/jwks.json");
        assertTrue(jwks.rawBody().contains("\"alg\":\"RS256\""), jwks.rawBody());
        assertEquals("local", api.get("/auth-config.json").text("mode"));
    }

    // ---------------------------------------------------------------- strict inputs

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"userId\":123,\"quantity\":1}",
            "{\"userId\":true,\"quantity\":1}",
            "{\"userId\":[\"a\"],\"quantity\":1}",
            "{\"quantity\":\"1\"}",
            "{\"quantity\":1.5}",
            "{\"quantity\":true}",
            "{\"quantity\":1} xyz",
            "{\"quantity\":1,\"quantity\":1}",
            "{\"userId\":\"\\ud800\",\"quantity\":1}",
            "{\"userId\":\"a\\u202eb\",\"quantity\":1}",
            "{\"userId\":\"a\\u200bb\",\"quantity\":1}"})
    void purchase_shouldAnswer400NamingTheField_whenTheBodyBreaksTheContract(String body) {
        ApiClient.Answer answer = api.signedInAs("strict-shopper").post("/api/sales/" + SALE + "/purchases", body);

        assertError(answer, 400, "INVALID_REQUEST");
        assertTrue(answer.text("message").contains("userId") || answer.text("message").contains("quantity")
                || answer.text("message").contains("after it"), answer.rawBody());
    }

    @ParameterizedTest(name = "stock {0}")
    @ValueSource(strings = {"10.7", "true", "\"10\""})
    void putSale_shouldAnswer400_whenStockIsNotAnInteger(String stock) {
        Instant now = Instant.now();
        ApiClient.Answer answer = api.put("/api/admin/sales/strict-sale", "{\"name\":\"n\",\"stock\":" + stock
                + ",\"startsAt\":\"" + now + "\",\"endsAt\":\"" + now.plusSeconds(60) + "\"}");

        assertError(answer, 400, "INVALID_REQUEST");
        assertTrue(answer.text("message").contains("stock must be a JSON integer"), answer.rawBody());
    }

    @Test
    void adminRoutes_shouldRefuseTextPlainAndOtherSites() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(system.baseUrl().resolve("/api/admin/blocklist"))
                .header("Content-Type", "text/plain").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"user\",\"value\":\"victim\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        // signed by the stack's credentials, so that the function itself answers the media type
        java.net.URI blocklist = system.baseUrl().resolve("/api/admin/blocklist");
        byte[] body = "{\"type\":\"user\",\"value\":\"victim\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder signed = HttpRequest.newBuilder(blocklist)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SigV4Signer.forLocalStack().sign("POST", blocklist, Map.of("Content-Type", "text/plain"), body).headers()
                .forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("Host")) {
                        signed.header(name, String.join(",", values));
                    }
                });
        HttpResponse<String> plain = http.send(signed.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(403, crossSite.statusCode());
        assertTrue(crossSite.body().contains("\"FORBIDDEN\""));
        assertEquals(415, plain.statusCode());
        assertTrue(plain.body().contains("\"UNSUPPORTED_MEDIA_TYPE\""));
        assertFalse(api.get("/api/admin/blocklist").rawBody().contains("victim"), "nothing was listed");
    }

    // ---------------------------------------------------------------- protocol errors, raw

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket(system.baseUrl().getHost(), system.baseUrl().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException answeredEarly) {
                // the gateway answered and closed before reading everything
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad escape|GET /api/sales/%zz HTTP/1.1~Host: x~~|400|INVALID_REQUEST",
            "trailing percent|GET /api/sales/demo% HTTP/1.1~Host: x~~|400|INVALID_REQUEST",
            "negative length|POST /api/sales/x/purchases HTTP/1.1~Host: x~Content-Length: -1~~|400|INVALID_REQUEST",
            "twenty digits|POST /api/sales/x/purchases HTTP/1.1~Host: x~Content-Length: 12345678901234567890~~|400|INVALID_REQUEST",
            "length and chunked|POST /api/sales/x/purchases HTTP/1.1~Host: x~Content-Length: 5~Transfer-Encoding: chunked~~0~~|400|INVALID_REQUEST",
            "bad chunk size|POST /api/sales/x/purchases HTTP/1.1~Host: x~Transfer-Encoding: chunked~~xyz~abc~0~~|400|INVALID_REQUEST"})
    void gateway_shouldAnswerProtocolErrorsInJson(String name, String request, int status, String code)
            throws IOException {
        String response = raw(request.replace("~", "\r\n"));

        assertTrue(response.startsWith("HTTP/1.1 " + status), response);
        assertTrue(response.contains("application/json") && response.contains("\"error\":\"" + code + "\""), response);
        assertFalse(response.contains("Exception") || response.contains("<h1>"), response);
    }

    @Test
    void gateway_shouldAnswerFiveThousandHeadersInJson() throws IOException {
        StringBuilder request = new StringBuilder("GET /api/sales/demo HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 5_000; i++) {
            request.append("X-H").append(i).append(": v\r\n");
        }
        String response = raw(request.append("\r\n").toString());

        assertTrue(response.startsWith("HTTP/1.1 431"), response);
        assertTrue(response.contains("\"error\":\"HEADERS_TOO_LARGE\""), response);
    }
}
