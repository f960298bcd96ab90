package dev.flashsale.tests.e2e;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.cloud.FreePort;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.template.CloudFormationYaml;
import dev.flashsale.local.template.Intrinsic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge as AWS enforces it. Admin routes (AWS_IAM in the template) answer only SigV4-signed requests, checked
 * by the local gateway against the local stack's credentials as API Gateway checks them, and the operator's CLI,
 * run as its own process with credentials from its environment, creates and reads a sale through them. Shopper
 * routes answer only through CloudFront (its secret origin header), not on the execute-api endpoint directly.
 */
class ApiEdgeIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static LocalSystem system;
    private static ExecutorService executor;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0, Map.of()));
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        system.close();
    }

    private static String saleJson(int stock) {
        Instant now = Instant.now();
        return "{\"name\":\"Signed\",\"stock\":" + stock + ",\"startsAt\":\"" + now + "\",\"endsAt\":\""
                + now.plusSeconds(3600) + "\"}";
    }

    private static SigV4Signer signer(String secret, Instant at) {
        return new SigV4Signer(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", secret)),
                "us-east-1", Clock.fixed(at, ZoneOffset.UTC));
    }

    /** Sends {@code body} with the headers of a request signed over {@code signedBody}. */
    private static HttpResponse<String> send(SdkHttpRequest signed, String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri());
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                request.header(name, String.join(",", values));
            }
        });
        return HTTP.send(request.method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI route(String path) {
        return URI.create(system.baseUrl() + path);
    }

    @Test
    void adminRoute_shouldAnswer403Json_whenUnsignedOrBadlySigned() throws Exception {
        // given
        String body = saleJson(5);
        URI sale = route("/api/admin/sales/sig-refused");

        // when
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(sale)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongSecret = send(signer("wrong", Instant.now()).sign("PUT", sale, Map.of(),
                body.getBytes(StandardCharsets.UTF_8)), "PUT", body);
        HttpResponse<String> alteredBody = send(signer("test", Instant.now()).sign("PUT", sale, Map.of(),
                body.getBytes(StandardCharsets.UTF_8)), "PUT", saleJson(5000));
        HttpResponse<String> expired = send(signer("test", Instant.now().minus(Duration.ofMinutes(16)))
                .sign("PUT", sale, Map.of(), body.getBytes(StandardCharsets.UTF_8)), "PUT", body);

        // then: API Gateway's refusals, in the template's JSON error shape; nothing was created
        assertEquals(403, unsigned.statusCode());
        assertEquals("{\"error\":\"MISSING_AUTHENTICATION\",\"message\":\"No such route, or the route needs a "
                + "SigV4-signed request.\"}", unsigned.body());
        assertTrue(unsigned.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        for (HttpResponse<String> refused : List.of(wrongSecret, alteredBody, expired)) {
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().startsWith("{\"error\":\"INVALID_SIGNATURE\",\"message\":\""), refused.body());
        }
        assertTrue(expired.body().contains("Signature expired"), expired.body());
        assertEquals(403, new ApiClient(system.baseUrl(), executor).get("/api/admin/sales/sig-refused").status());
        assertEquals(404, new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack())
                .get("/api/admin/sales/sig-refused").status(), "no sale was created by a refused request");
    }

    @Test
    void adminRoute_shouldServe_whenSignedWithTheStacksCredentials() {
        ApiClient signed = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());

        assertEquals(201, signed.put("/api/admin/sales/sig-ok", saleJson(3)).status());
        assertEquals(3, signed.get("/api/admin/sales/sig-ok").number("stock"));
    }

    @Test
    void adminSalePut_shouldAnswer400NamingTheFields_whenTheBodyCarriesFieldsItDoesNotTake() {
        // given: a misspelled limit and a field of a feature the stack does not have
        ApiClient signed = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
        String body = saleJson(3).replaceFirst("\\{", "{\"perUserLimt\":2,\"variants\":[{\"id\":\"42\",\"stock\":1}],");

        // when
        ApiClient.Answer answer = signed.put("/api/admin/sales/misspelled", body);

        // then: a 400 that names both, and no sale with a silent default was created
        assertEquals(400, answer.status(), answer.rawBody());
        assertEquals("INVALID_REQUEST", answer.text("error"), answer.rawBody());
        assertTrue(answer.text("message").contains("perUserLimt") && answer.text("message").contains("variants"),
                answer.rawBody());
        assertEquals(404, signed.get("/api/admin/sales/misspelled").status());
    }

    @Test
    void saleOrders_shouldListTheSalesOrdersPageByPage_andTheCliWriteTheWinnersAsCsv() throws Exception {
        // given: 3 units, 5 signed-in shoppers, and the orders confirmed by the order function
        ApiClient signed = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
        Instant now = Instant.now();
        assertEquals(201, signed.createSale("winners", 3, now.minusSeconds(1), now.plusSeconds(3600),
                "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}").status());
        ApiClient shoppers = new ApiClient(system.baseUrl(), executor);
        int admitted = 0;
        for (int i = 0; i < 5; i++) {
            int status = shoppers.signedInAs("winner-" + i).post("/api/sales/winners/purchases", "{\"quantity\":1}")
                    .status();
            admitted += status == 202 ? 1 : 0;
        }
        assertEquals(3, admitted);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // awaited: the queue's drain
        while (confirmed(signed.get("/api/admin/sales/winners/orders?status=CONFIRMED").rawBody()) < 3) {
            assertTrue(System.nanoTime() < deadline, "the order function confirmed 3 orders");
            Thread.sleep(100);
        }

        // when: pages of two through the API; all confirmed ones through the CLI, as CSV
        ApiClient.Answer first = signed.get("/api/admin/sales/winners/orders?limit=2");
        ApiClient.Answer second = signed.get("/api/admin/sales/winners/orders?limit=2&after=" + first.text("next"));
        Path csv = Files.createTempFile("winners", ".csv");
        Run cli = cli(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"), "sale", "orders",
                "--sale", "winners", "--status", "confirmed", "--csv", csv.toString(), "--url", system.baseUrl().toString());

        // then
        assertEquals(200, first.status(), first.rawBody());
        assertEquals(2, confirmed(first.rawBody()));
        assertEquals(1, confirmed(second.rawBody()));
        assertFalse(second.rawBody().contains("\"next\""), "the last page has no next: " + second.rawBody());
        assertEquals(0, cli.exit(), cli.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("orderId,userId,status,quantity,createdAt,payBy,reason", lines.get(0));
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.stream().skip(1).allMatch(line -> line.contains(",winner-") && line.contains(",CONFIRMED,1,")),
                lines.toString());
        assertEquals(400, signed.get("/api/admin/sales/winners/orders?status=SHIPPED").status());
        assertEquals(400, signed.get("/api/admin/sales/winners/orders?limit=0").status());
        assertEquals(400, signed.get("/api/admin/sales/winners/orders?after=not%20ours").status());
        assertEquals(404, signed.get("/api/admin/sales/no-such-sale/orders").status());
        assertEquals(403, new ApiClient(system.baseUrl(), executor).get("/api/admin/sales/winners/orders").status(),
                "an admin route: signed requests only");
    }

    private static int confirmed(String listing) {
        return listing.split("\"status\":\"CONFIRMED\"", -1).length - 1;
    }

    private record Run(int exit, String out, String err) {
    }

    /** {@code ./flashsale ...} as its own process, with only {@code environment} (no ~/.aws, no instance role). */
    private static Run cli(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.flashsale.local.FlashsaleCommand"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("HOME", Files.createTempDirectory("no-aws-config").toString());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, err);
    }

    @Test
    void salePut_shouldCreateTheSale_whenTheCliSignsWithCredentialsFromItsEnvironment() throws Exception {
        // given: a sale file, the flags on top of it, and the local stack's credentials as the runner prints them
        Path file = Files.createTempFile("sale", ".json");
        Files.writeString(file, saleJson(3).replace("\"Signed\"", "\"From a file\""));
        Map<String, String> credentials = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
        String url = system.baseUrl().toString();

        // when
        Run put = cli(credentials, "sale", "put", "--sale", "cli-sale", "--file", file.toString(), "--stock", "7",
                "--challenge", "off", "--url", url);
        Run get = cli(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "FLASHSALE_API_URL", url), "sale", "get", "--sale", "cli-sale");
        Run report = cli(credentials, "sale", "report", "--sale", "cli-sale", "--url", url);

        // then
        assertEquals(0, put.exit(), put.err());
        assertEquals(0, get.exit(), get.err());
        assertTrue(get.out().contains("\"stock\":7"), get.out());
        assertTrue(get.out().contains("\"name\":\"From a file\""), get.out());
        assertTrue(get.out().contains("\"challenge\":\"off\""), get.out());
        assertEquals(0, report.exit(), report.err());
        assertTrue(report.out().contains("\"remaining\":7"), report.out());
    }

    @Test
    void cli_shouldFailWithOneLine_whenCredentialsAreMissingOrTheUrlIsUnreachable() throws Exception {
        // when
        Run noCredentials = cli(Map.of(), "sale", "get", "--sale", "any", "--url", system.baseUrl().toString());
        Run unreachable = cli(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"),
                "blacklist", "list", "--url", "http://127.0.0.1:" + FreePort.find());

        // then
        assertEquals(1, noCredentials.exit());
        assertEquals(1, noCredentials.err().strip().lines().count(), noCredentials.err());
        assertTrue(noCredentials.err().startsWith("flashsale: no AWS credentials found"), noCredentials.err());
        assertEquals(1, unreachable.exit());
        assertEquals(1, unreachable.err().strip().lines().count(), unreachable.err());
        assertTrue(unreachable.err().startsWith("flashsale: cannot reach http://127.0.0.1:"), unreachable.err());
    }

    @Test
    void blocklistCommand_shouldAddListAndRemove_whenCalledByItsNameOrItsOldName() throws Exception {
        // given
        Map<String, String> credentials = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
        String url = system.baseUrl().toString();

        // when: the new name adds, the old name (kept as an alias) lists and removes
        Run added = cli(credentials, "blocklist", "add", "--type", "user", "--value", "cli-blocked-user",
                "--reason", "edge test", "--url", url);
        Run listed = cli(credentials, "blacklist", "list", "--url", url);
        Run removed = cli(credentials, "blacklist", "remove", "--type", "user", "--value", "cli-blocked-user",
                "--url", url);
        Run after = cli(credentials, "blocklist", "list", "--url", url);

        // then
        assertEquals(0, added.exit(), added.err());
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(listed.out().contains("cli-blocked-user"), listed.out());
        assertEquals(0, removed.exit(), removed.err());
        assertEquals(0, after.exit(), after.err());
        assertFalse(after.out().contains("cli-blocked-user"), after.out());
    }

    @Test
    void shopperRoute_shouldAnswer403_whenCalledOnTheApiEndpointWithoutCloudFront() throws Exception {
        // given
        new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack()).put("/api/admin/sales/edge-sale",
                saleJson(2));

        // when
        ApiClient.Answer throughCloudFront = new ApiClient(system.baseUrl(), executor).get("/api/sales/edge-sale");
        ApiClient.Answer direct = new ApiClient(system.apiGatewayUrl(), executor).get("/api/sales/edge-sale");
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(system.apiGatewayUrl()
                + "/api/sales/edge-sale")).header("X-Origin-Verify", "guessed").build(), HttpResponse.BodyHandlers.ofString());
        ApiClient.Answer adminDirect = new ApiClient(system.apiGatewayUrl(), executor, SigV4Signer.forLocalStack())
                .get("/api/admin/sales/edge-sale");

        // then
        assertEquals(200, throughCloudFront.status(), throughCloudFront.rawBody());
        assertEquals(2, throughCloudFront.number("stock"));
        assertEquals(403, direct.status());
        assertEquals("{\"message\":\"Forbidden\"}", direct.rawBody(), "API Gateway's own refusal: no API key");
        assertEquals(403, forged.statusCode());
        assertEquals(200, adminDirect.status(), "operators call the API endpoint directly, signed");
    }

    /**
     * Issue 22, item 4: a flood on the execute-api endpoint is refused by API Gateway for want of CloudFront's API
     * key, before any function runs (it used to invoke the admission function for each 403); through CloudFront,
     * which sends the key as an origin header, the same routes answer.
     */
    @Test
    void shopperRoutes_shouldInvokeNoFunction_whenCalledDirectlyWithoutCloudFrontsApiKey() throws Exception {
        // given
        new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack()).put("/api/admin/sales/keyed-sale",
                saleJson(2));
        String cloudFrontsKey = system.cloud().apiOriginHeaders().get("x-api-key");
        long before = shopperInvocations();

        // when: twenty direct calls without a key, with a guessed one, and with the origin secret's old header only
        List<HttpResponse<String>> direct = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.apiGatewayUrl()
                    + (i % 2 == 0 ? "/api/sales/keyed-sale" : "/api/sales/keyed-sale/challenge")));
            if (i % 4 == 1) {
                request.header("x-api-key", "a-guessed-key-of-twenty-chars");
            }
            if (i % 4 == 3) {
                request.header("X-Origin-Verify", "guessed");
            }
            direct.add(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        long afterDirect = shopperInvocations();
        ApiClient.Answer throughCloudFront = new ApiClient(system.baseUrl(), executor).get("/api/sales/keyed-sale");
        HttpResponse<String> viewerKeyIgnored = HTTP.send(HttpRequest.newBuilder(URI.create(system.baseUrl()
                + "/api/sales/keyed-sale")).header("x-api-key", "a-guessed-key-of-twenty-chars").build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        for (HttpResponse<String> refused : direct) {
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("{\"message\":\"Forbidden\"}", refused.body());
        }
        assertEquals(0, afterDirect - before, "no function ran for a direct call without the key");
        assertTrue(cloudFrontsKey != null && cloudFrontsKey.length() >= 20, "CloudFront sends an API key");
        assertEquals(200, throughCloudFront.status(), throughCloudFront.rawBody());
        assertEquals(2, throughCloudFront.number("stock"));
        assertEquals(200, viewerKeyIgnored.statusCode(), "CloudFront's own key replaces a viewer's");
        assertTrue(shopperInvocations() > afterDirect, "the call through CloudFront reached the function");
    }

    /**
     * Issue 21, finding 9: CloudFront's response headers policy is on every behaviour, so every answer of the
     * distribution carries its headers: a function's API answer, the gateway's own and the page's. Locally they
     * are read from the template; here the expected values come from the policy's own fields. The execute-api
     * endpoint has no CloudFront in front, so none.
     */
    @Test
    void distributionAnswers_shouldCarryTheTemplatesSecurityHeaders_apiAndPageAlike() throws Exception {
        Map<String, Object> security = node(node(node(node(node(CloudFormationYaml.read(LocalSystem.projectRoot()
                .resolve("template.yaml")), "Resources"), "SecurityHeadersPolicy"), "Properties"),
                "ResponseHeadersPolicyConfig"), "SecurityHeadersConfig");
        assertEquals(Set.of("ContentSecurityPolicy", "FrameOptions", "StrictTransportSecurity", "ContentTypeOptions",
                "ReferrerPolicy"), security.keySet(), "a new part of the policy needs its expected header here");
        Map<String, String> expected = Map.of(
                "x-frame-options", String.valueOf(node(security, "FrameOptions").get("FrameOption")),
                "referrer-policy", String.valueOf(node(security, "ReferrerPolicy").get("ReferrerPolicy")),
                "strict-transport-security", "max-age=" + node(security, "StrictTransportSecurity")
                        .get("AccessControlMaxAgeSec") + ("true".equals(String.valueOf(node(security,
                        "StrictTransportSecurity").get("IncludeSubdomains"))) ? "; includeSubDomains" : ""),
                "x-content-type-options", "nosniff");
        // The CSP is a !Sub of the sign-in domain: its text with the one variable left open.
        Intrinsic sub = (Intrinsic) node(security, "ContentSecurityPolicy").get("ContentSecurityPolicy");
        String written = String.valueOf(((List<?>) sub.argument()).get(0));
        Pattern csp = Pattern.compile(Pattern.quote(written).replace("${SignInDomain}", "\\E[^ ;]+\\Q"));

        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("a function's API answer", HTTP.send(HttpRequest.newBuilder(route("/api/sales/no-such-sale"))
                .build(), HttpResponse.BodyHandlers.ofString()));
        answers.put("the gateway's own answer", HTTP.send(HttpRequest.newBuilder(route("/api/no-such-route"))
                .build(), HttpResponse.BodyHandlers.ofString()));
        answers.put("the page", HTTP.send(HttpRequest.newBuilder(route("/")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(404, answers.get("a function's API answer").statusCode());
        assertEquals(403, answers.get("the gateway's own answer").statusCode());
        assertEquals(200, answers.get("the page").statusCode());
        for (Map.Entry<String, HttpResponse<String>> answer : answers.entrySet()) {
            var headers = answer.getValue().headers();
            expected.forEach((name, value) ->
                    assertEquals(List.of(value), headers.allValues(name), answer.getKey() + ": " + name));
            List<String> policies = headers.allValues("content-security-policy");
            assertEquals(1, policies.size(), answer.getKey() + ": " + headers.map());
            assertTrue(csp.matcher(policies.get(0)).matches(), answer.getKey() + ": " + policies.get(0));
        }
        HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(URI.create(system.apiGatewayUrl()
                + "/api/sales/no-such-sale")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(direct.headers().firstValue("content-security-policy").isEmpty(), direct.headers().map().toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> node(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    /** The functions behind the shopper routes: the sale's GET has one of its own (issue 21, finding 3). */
    private static long shopperInvocations() {
        return system.usage().get("AdmissionFunction").invocations()
                + system.usage().get("SaleReadFunction").invocations();
    }
}
