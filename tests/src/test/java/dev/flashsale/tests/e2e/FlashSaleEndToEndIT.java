package dev.flashsale.tests.e2e;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole stack through the local gateway over HTTP: the done-when of the first issue. */
@AwsFacing
@Tag(AwsTarget.TAG)
class FlashSaleEndToEndIT {

    private static LocalSystem system;
    private static ExecutorService executor;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0, Map.of(),
                AwsTarget.emulator("e2e")));
        executor = Executors.newFixedThreadPool(64);
        api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        system.close();
    }

    private static String purchase(String userId) {
        return "{\"userId\":" + ApiClient.quote(userId) + ",\"quantity\":1}";
    }

    /** Every buyer signs in; the token, not the body, says who buys (the body's userId must agree). */
    private static final Map<String, ApiClient> shoppers = new ConcurrentHashMap<>();

    private static ApiClient as(String user) {
        return shoppers.computeIfAbsent(user, api::signedInAs);
    }

    @Test
    void flashSale_shouldSellExactlyTheStockOncePerBuyer_whenTwoThousandBuyersRace() throws Exception {
        // given: 100 units, 2,000 buyers, 64 threads (30, 300 and 8 on an emulator: behaviour, not load); every
        // buyer tries twice, and bad requests are mixed in
        int stock = AwsTarget.scaled(100, 30);
        int buyers = AwsTarget.scaled(2000, 300);
        String saleId = "e2e-race";
        Instant now = Instant.now();
        assertEquals(201, api.createSale(saleId, stock, now.minusSeconds(1), now.plusSeconds(3600),
                "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}").status());
        String path = "/api/sales/" + saleId + "/purchases";
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, String> orderByUser = new ConcurrentHashMap<>();
        List<Callable<Void>> attempts = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < buyers; i++) {
                String user = "racer-" + i;
                attempts.add(() -> {
                    ApiClient.Answer answer = as(user).post(path, purchase(user));
                    // As the page does: an overloaded or throttled answer is retried (sooner here, to keep it short).
                    for (int retry = 0; retry < 50 && (answer.status() == 503 || answer.status() == 429); retry++) {
                        Thread.sleep(50 + java.util.concurrent.ThreadLocalRandom.current().nextInt(200));
                        answer = as(user).post(path, purchase(user));
                    }
                    statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (answer.status() == 202 && orderByUser.put(user, answer.text("orderId")) != null) {
                        throw new AssertionError(user + " was admitted twice");
                    }
                    return null;
                });
            }
        }
        Map<String, Integer> badRequests = new HashMap<>();
        badRequests.put("{not json", 400);
        badRequests.put("{\"quantity\":\"1\"}", 400);
        badRequests.put("{\"userId\":\"" + "u".repeat(65) + "\",\"quantity\":1}", 403);
        badRequests.put("{\"quantity\":2}", 400);
        badRequests.put("{\"userId\":\"big\",\"pad\":\"" + "p".repeat(5000) + "\",\"quantity\":1}", 413);
        Map<String, ApiClient.Answer> badAnswers = new ConcurrentHashMap<>();
        badRequests.forEach((body, status) -> attempts.add(() -> {
            badAnswers.put(body, as("bad-requester").post(path, body));
            return null;
        }));

        // when
        ExecutorService pool = Executors.newFixedThreadPool(AwsTarget.scaled(64, 8));
        try {
            for (var future : pool.invokeAll(attempts)) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(system.awaitQueuesDrained(Duration.ofMinutes(2)), "the order queue drains");

        // then: exactly the stock was admitted, once per buyer, and every admitted order is confirmed
        assertEquals(stock, statuses.get(202).get());
        assertEquals(stock, orderByUser.size());
        assertEquals(2 * buyers - stock, statuses.getOrDefault(410, new AtomicInteger()).get()
                + statuses.getOrDefault(409, new AtomicInteger()).get(), "everyone else hears sold out or already bought");
        for (Map.Entry<String, String> bought : orderByUser.entrySet()) {
            String orderId = bought.getValue();
            ApiClient.Answer order = as(bought.getKey()).get("/api/orders/" + orderId);
            assertEquals("CONFIRMED", order.text("status"), "admitted order " + orderId + " is not lost");
        }
        ApiClient.Answer report = api.get("/api/admin/sales/" + saleId + "/report");
        assertEquals(stock, report.number("confirmed"));
        assertEquals(0, report.number("oversold"));
        assertEquals(0, report.number("duplicateBuyers"));
        assertEquals(0, report.number("remaining"));
        badRequests.forEach((body, status) -> {
            ApiClient.Answer answer = badAnswers.get(body);
            assertEquals(status, answer.status(), body.substring(0, Math.min(30, body.length())));
            assertTrue(answer.text("error") != null && answer.text("message") != null, answer.rawBody());
        });
        assertEquals("SOLD_OUT", api.get("/api/sales/" + saleId).text("status"));
    }

    @Test
    void page_shouldBeServedAsCloudFrontServesIt() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<byte[]> page = http.send(java.net.http.HttpRequest.newBuilder(system.baseUrl().resolve("/"))
                .header("Accept-Encoding", "gzip").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, page.statusCode());
        assertEquals("gzip", page.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(page.headers().firstValue("Cache-Control").orElse("").contains("max-age=5"), "a short cache for the page");
        String html = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(page.body())).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(app\\.[0-9a-f]{10}\\.js)\"").matcher(html);
        assertTrue(script.find(), "assets are referenced by content-hashed names: " + html);

        java.net.http.HttpResponse<byte[]> asset = http.send(java.net.http.HttpRequest.newBuilder(
                system.baseUrl().resolve("/" + script.group(1))).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, asset.statusCode());
        assertEquals("public, max-age=31536000, immutable", asset.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(asset.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        String etag = asset.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, http.send(java.net.http.HttpRequest.newBuilder(system.baseUrl().resolve("/" + script.group(1)))
                .header("If-None-Match", etag).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(404, http.send(java.net.http.HttpRequest.newBuilder(system.baseUrl().resolve("/app.js")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode(), "only the published names exist");
    }

    @Test
    void routes_shouldAnswerWithTheirErrorCodes_whenTheRequestCannotSucceed() {
        Instant now = Instant.now();
        api.createSale("e2e-later", 5, now.plusSeconds(3600), now.plusSeconds(7200), null);
        api.createSale("e2e-over", 5, now.minusSeconds(7200), now.minusSeconds(3600), null);

        assertEquals(404, api.get("/api/sales/no-such-sale").status());
        assertEquals("SALE_NOT_FOUND", api.get("/api/sales/no-such-sale").text("error"));
        assertEquals("UPCOMING", api.get("/api/sales/e2e-later").text("status"));
        ApiClient.Answer early = as("early-bird").post("/api/sales/e2e-later/purchases", purchase("early-bird"));
        assertEquals(403, early.status());
        assertEquals("SALE_NOT_OPEN", early.text("error"));
        ApiClient.Answer late = as("late").post("/api/sales/e2e-over/purchases", purchase("late"));
        assertEquals(403, late.status());
        assertEquals("ENDED", api.get("/api/sales/e2e-over").text("status"));
        assertEquals("ORDER_NOT_FOUND", as("late").get("/api/orders/00000000-0000-4000-8000-000000000000").text("error"));
        // As API Gateway with the template's gateway responses: no route for this method and path.
        assertEquals(403, api.get("/api/nowhere").status());
        assertEquals("MISSING_AUTHENTICATION", api.get("/api/nowhere").text("error"));
        assertEquals(403, api.send("DELETE", "/api/sales/e2e-later", null).join().status());
    }
}
