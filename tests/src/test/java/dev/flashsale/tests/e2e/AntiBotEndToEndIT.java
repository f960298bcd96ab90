package dev.flashsale.tests.e2e;

import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.simulate.LoopbackClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every anti-bot rule through the local gateway over HTTP, from addresses of 127.0.0.0/8. */
class AntiBotEndToEndIT {

    private static final int MIN_ANSWER_MILLIS = 300;
    /** Past the age at which a container reads the blocklist again. */
    private static final Duration BLOCKLIST_AGE = Duration.ofMillis(5_500);
    private static LocalSystem system;
    private static ExecutorService executor;
    private static ApiClient admin;
    private static LoopbackClient http;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0, Map.of()));
        executor = Executors.newFixedThreadPool(6);
        admin = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
        http = new LoopbackClient(system.baseUrl());
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        system.close();
    }

    private static String guardedSale(String protection) {
        String saleId = "bots-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        assertEquals(201, admin.createSale(saleId, 50, now.minusSeconds(1), now.plusSeconds(3600), protection).status());
        return saleId;
    }

    private static String defaultGuard() {
        return "{\"challenge\":\"on\",\"minAnswerMillis\":" + MIN_ANSWER_MILLIS + "}";
    }

    private static final java.util.Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    /** Each user signs in once; the token says who they are. */
    private static String token(String user) {
        return tokens.computeIfAbsent(user, admin::signIn);
    }

    private static LoopbackClient.Reply challenge(String from, String saleId, String user) throws Exception {
        return http.send(from, "GET", "/api/sales/" + saleId + "/challenge", null, token(user));
    }

    private static LoopbackClient.Reply buy(String from, String saleId, String user, LoopbackClient.Reply issued,
                                            String answer) throws Exception {
        String challenge = issued == null ? "" : ",\"challenge\":{\"challengeId\":\"" + issued.text("challengeId")
                + "\",\"answer\":\"" + answer + "\",\"token\":\"" + issued.text("token") + "\"}";
        return http.send(from, "POST", "/api/sales/" + saleId + "/purchases",
                "{\"quantity\":1" + challenge + "}", token(user));
    }

    private static String solve(LoopbackClient.Reply issued) {
        String[] parts = issued.text("question").replace("What is ", "").replace("?", "").split(" \\+ ");
        return Integer.toString(Integer.parseInt(parts[0]) + Integer.parseInt(parts[1]));
    }

    @Test
    void purchase_shouldNeedAFreshCorrectChallengeAnsweredAtAHumanPace() throws Exception {
        // no rate limits here: this test sends a person's requests faster than a person would
        String saleId = guardedSale("{\"challenge\":\"on\",\"minAnswerMillis\":" + MIN_ANSWER_MILLIS
                + ",\"perUserPerSecond\":0,\"perIpPerSecond\":0}");
        String from = "127.31.0.1";
        // the functions' time stands still but for the jumps below: "too fast" means what the test says
        try (AutoCloseable held = system.clock().hold()) {
            answerAtAHumanPace(saleId, from);
        }
    }

    private static void answerAtAHumanPace(String saleId, String from) throws Exception {
        LoopbackClient.Reply none = buy(from, saleId, "alice", null, null);
        assertEquals(403, none.status());
        assertEquals("CHALLENGE_REQUIRED", none.text("error"));

        LoopbackClient.Reply issued = challenge(from, saleId, "alice");
        assertEquals(200, issued.status());
        assertTrue(issued.text("question").matches("What is \\d+ \\+ \\d+\\?"));
        LoopbackClient.Reply rushed = buy(from, saleId, "alice", issued, solve(issued));
        assertEquals("CHALLENGE_FAILED", rushed.text("error"), "answered faster than a person");

        LoopbackClient.Reply second = challenge(from, saleId, "alice");
        system.clock().jump(Duration.ofMillis(Challenges.longestMinimumMillis(MIN_ANSWER_MILLIS) + 100));
        assertEquals("CHALLENGE_FAILED", buy(from, saleId, "alice", second, "0").text("error"), "wrong answer");
        assertEquals("CHALLENGE_FAILED", buy(from, saleId, "mallory", second, solve(second)).text("error"),
                "another user's token");

        LoopbackClient.Reply third = challenge(from, saleId, "alice");
        system.clock().jump(Duration.ofMillis(Challenges.longestMinimumMillis(MIN_ANSWER_MILLIS) + 100));
        LoopbackClient.Reply bought = buy(from, saleId, "alice", third, solve(third));
        assertEquals(202, bought.status(), bought.body().toString());
        LoopbackClient.Reply replayed = buy(from, saleId, "alice", third, solve(third));
        assertEquals(403, replayed.status());
        assertEquals("CHALLENGE_FAILED", replayed.text("error"), "a token buys once");
    }

    @Test
    void purchase_shouldRefuseAProofOfWorkTokenRelabelledAsAQuestion() throws Exception {
        // given a proof-of-work sale and the token it issues, p1.<id>.<t>.<bits>.<mac>
        int bits = 20;
        String saleId = guardedSale("{\"challenge\":\"on\",\"challengeKind\":\"proof-of-work\",\"proofOfWorkBits\":"
                + bits + ",\"minAnswerMillis\":" + MIN_ANSWER_MILLIS + ",\"perUserPerSecond\":0,\"perIpPerSecond\":0}");
        String from = "127.31.1.1";
        LoopbackClient.Reply issued = challenge(from, saleId, "relabeller");
        assertEquals(200, issued.status());
        assertEquals("proof-of-work", issued.text("kind"));
        String[] parts = issued.text("token").split("\\.");
        assertEquals("p1", parts[0]);

        // when it comes back as v1.<id>.<t>.<mac>, answered with the difficulty, after the minimum answer time
        system.clock().jump(Duration.ofMillis(Challenges.longestMinimumMillis(MIN_ANSWER_MILLIS) + 100));
        String relabelled = "v1." + parts[1] + "." + parts[2] + "." + parts[4];
        LoopbackClient.Reply refused = http.send(from, "POST", "/api/sales/" + saleId + "/purchases",
                "{\"quantity\":1,\"challenge\":{\"challengeId\":\"" + parts[1] + "\",\"answer\":\"proof-of-work:"
                        + bits + "\",\"token\":\"" + relabelled + "\"}}", token("relabeller"));

        // then it is refused as the wrong kind, and no unit moved
        assertEquals(403, refused.status(), refused.body().toString());
        assertEquals("CHALLENGE_FAILED", refused.text("error"));
        assertTrue(refused.text("message").contains("proof-of-work"), refused.text("message"));
        ApiClient.Answer report = admin.get("/api/admin/sales/" + saleId + "/report");
        assertEquals(50, report.number("remaining"), report.rawBody());
    }

    @Test
    void purchase_shouldBeRateLimitedPerUser_withRetryAfter() throws Exception {
        String saleId = guardedSale("{\"challenge\":\"off\",\"perUserPerSecond\":2,\"perIpPerSecond\":0}");

        String hammer = token("hammer");
        // six from six addresses within one moment of the functions' time: the machine's pace does not matter
        int limited = 0;
        LoopbackClient.Reply refused = null;
        try (AutoCloseable held = system.clock().hold()) {
            List<java.util.concurrent.Future<LoopbackClient.Reply>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String from = "127.32.0." + (i + 1);
                sent.add(executor.submit(() -> http.send(from, "POST", "/api/sales/" + saleId + "/purchases",
                        "{\"quantity\":1}", hammer)));
            }
            for (java.util.concurrent.Future<LoopbackClient.Reply> reply : sent) {
                if (reply.get().status() == 429) {
                    limited++;
                    refused = reply.get();
                }
            }
        }

        assertTrue(limited >= 3, "2 per second for one user, whatever the address: " + limited);
        assertEquals("RATE_LIMITED", refused.text("error"));
        assertNotNull(refused.headers().get("retry-after"));
    }

    @Test
    void blocklist_shouldStopUsersAndRanges_andIgnoreForwardedFor() throws Exception {
        String saleId = guardedSale("{\"challenge\":\"off\",\"perUserPerSecond\":0,\"perIpPerSecond\":0}");
        assertEquals(201, admin.post("/api/admin/blocklist", "{\"type\":\"user\",\"value\":\"spammer\"}").status());
        // The blocklist's first name stays an alias of the same routes.
        assertEquals(201, admin.post("/api/admin/blacklist",
                "{\"type\":\"ip\",\"value\":\"127.33.0.0/16\",\"ttlSeconds\":600}").status());
        assertEquals(400, admin.post("/api/admin/blocklist", "{\"type\":\"ip\",\"value\":\"not-an-address\"}").status());
        system.clock().jump(BLOCKLIST_AGE); // every container picks the list up within five seconds

        assertEquals("BLOCKED", buy("127.34.0.1", saleId, "spammer", null, null).text("error"));
        assertEquals("BLOCKED", challenge("127.33.9.9", saleId, "innocent-looking").text("error"));
        // The loopback client also sends a forged X-Forwarded-For: the gateway's own peer address decides.
        assertEquals(202, buy("127.35.0.1", saleId, "clean", null, null).status());
        String listed = admin.get("/api/admin/blocklist").rawBody();
        assertTrue(listed.contains("127.33.0.0/16") && listed.contains("spammer"), listed);
        assertEquals(listed, admin.get("/api/admin/blacklist").rawBody(), "the alias lists the same entries");

        assertEquals(200, admin.send("DELETE", "/api/admin/blocklist?type=user&value=spammer", null).join().status());
        assertEquals(404, admin.send("DELETE", "/api/admin/blacklist?type=user&value=spammer", null).join().status());
        system.clock().jump(BLOCKLIST_AGE);
        assertEquals(202, buy("127.34.0.1", saleId, "spammer", null, null).status(), "unblocked");
    }

    /**
     * Issue 21, finding 7: wrong answers block the user who gives them; a shared address (a carrier NAT's) only
     * once many different users gave them from it, which one person alone cannot.
     */
    @Test
    void wrongAnswers_shouldBlockTheUser_andTheAddressOnlyOnceManyUsersGaveThem() throws Exception {
        String saleId = guardedSale("{\"challenge\":\"on\",\"minAnswerMillis\":" + MIN_ANSWER_MILLIS
                + ",\"perIpPerSecond\":0,\"perUserPerSecond\":0}");
        String from = "127.36.0.1";
        try (AutoCloseable held = system.clock().hold()) { // one signal window for the whole run
            for (int i = 0; i < 12; i++) {
                buy(from, saleId, "guesser", challenge(from, saleId, "guesser"), "wrong");
            }
        }
        system.clock().jump(BLOCKLIST_AGE);
        assertEquals("BLOCKED", challenge(from, saleId, "guesser").text("error"));
        assertEquals(200, challenge(from, saleId, "neighbour").status(), "one person cannot block the address");

        try (AutoCloseable held = system.clock().hold()) {
            for (int i = 0; i < 25; i++) {
                buy(from, saleId, "script-" + i, challenge(from, saleId, "script-" + i), "wrong");
            }
        }
        system.clock().jump(BLOCKLIST_AGE);

        LoopbackClient.Reply after = challenge(from, saleId, "script-new");
        assertEquals(403, after.status());
        assertEquals("BLOCKED", after.text("error"));
        assertTrue(admin.get("/api/admin/blocklist").rawBody().contains("127.36.0.1"));
    }

    @Test
    void jitter_shouldGiveEachShopperTheirOwnStart() throws Exception {
        String saleId = guardedSale("{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0,"
                + "\"jitterMillis\":60000}");
        // Issue 21 finding 4: the public GET tells no one's start, whoever is named; the shopper's own is at /me.
        ApiClient.Answer named = admin.get("/api/sales/" + saleId + "?userId=patient");
        assertEquals(200, named.status());
        assertFalse(named.rawBody().contains("waitMillis") || named.rawBody().contains("buyableAt")
                || named.rawBody().contains("jitterMillis"), named.rawBody());
        ApiClient patient = admin.withToken(token("patient"));
        ApiClient.Answer view = patient.get("/api/sales/" + saleId + "/me");
        assertEquals(200, view.status(), view.rawBody());
        long wait = view.number("waitMillis");
        assertTrue(wait >= 0 && wait <= 60_000);
        assertNotNull(view.text("buyableAt"));
        assertEquals(401, admin.get("/api/sales/" + saleId + "/me").status(), "to the signed-in shopper only");

        LoopbackClient.Reply early = buy("127.37.0.1", saleId, "patient", null, null);
        if (wait > 2_000) {
            assertEquals(403, early.status());
            assertEquals("SALE_NOT_OPEN", early.text("error"));
            assertTrue(Long.parseLong(early.headers().get("retry-after")) >= 1);
        }
        assertEquals(wait, patient.get("/api/sales/" + saleId + "/me").number("waitMillis"),
                "the same moment on every request");
    }

    @Test
    void refusals_shouldBeCountedPerReasonAndLoggedWithoutPersonalData() throws Exception {
        String saleId = guardedSale(defaultGuard());
        buy("127.38.0.1", saleId, "private-person-4711", null, null);
        // the metrics are written at most once a second: a later refusal flushes them
        Thread.sleep(1_100);
        buy("127.38.0.2", saleId, "someone-else", null, null);

        List<String> lines = Files.readAllLines(LocalSystem.functionLog());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"CloudWatchMetrics\"") && l.contains("\"Reason\":\"CHALLENGE_REQUIRED\"")),
                "an embedded-metric line per refusal reason");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"refused\"") && l.contains("CHALLENGE_REQUIRED")));
        assertFalse(lines.stream().anyMatch(l -> l.contains("private-person-4711") || l.contains("127.38.0.1")),
                "no user id or address in clear");
    }
}
