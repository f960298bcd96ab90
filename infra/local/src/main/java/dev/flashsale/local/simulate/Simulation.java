package dev.flashsale.local.simulate;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A flash sale against a running stack over real HTTP. Shoppers (one per address of 127.1.0.0/16) ask for the
 * challenge, answer it at a human pace and buy once; bots (eight per address of 127.200.0.0/16) skip the
 * challenge, rush it, guess it or replay a token of another user, and hammer. Then it waits until every admitted
 * order has left the pipeline and checks the outcome against the ledger: confirmed orders never beyond stock, no
 * buyer twice, every admitted order confirmed, no bot that failed the challenge ever buying.
 */
public final class Simulation {

    /** Something that can wait until the order pipeline is empty (the in-process stack); absent for --url. */
    public interface Drain {
        boolean await(Duration timeout) throws InterruptedException;
    }

    /**
     * @param protection false for a sale without challenge and rate limits (raw admission throughput)
     * @param minAnswerMillis the sale's minimum answer time; shoppers answer a little after it
     */
    public record Settings(int buyers, int bots, int stock, int concurrency, String saleId, boolean protection,
                           int minAnswerMillis) {
    }

    private static final Pattern SUM = Pattern.compile("What is (\\d+) \\+ (\\d+)\\?");
    private static final int BOT_ATTEMPTS = 4;
    static final String[] BOT_KINDS = {"skipper", "rusher", "guesser", "replayer", "id-cycler", "early-hoarder",
            "scripted-solver"};
    /** With bots, the sale opens this long after it is created: the early hoarders need a "before". */
    private static final Duration OPENING_DELAY = Duration.ofSeconds(12);
    private final Map<String, AtomicInteger> botPurchasesByKind = new ConcurrentHashMap<>();

    private final ApiClient api;
    private final LoopbackClient http;
    private final Drain drain;
    private final PrintStream progress;
    /** The statuses of an admitted order that was not lost: sold, then paid or let expire by its shopper. */
    private static final Set<String> KEPT = Set.of("CONFIRMED", "PAID", "EXPIRED");

    private final Map<Integer, AtomicInteger> buyerStatuses = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> botStatuses = new ConcurrentHashMap<>();
    private final List<String> orderIds = Collections.synchronizedList(new ArrayList<>());
    /** Whose token may read each admitted order: a shopper reads only their own. */
    private final Map<String, String> tokenByOrder = new ConcurrentHashMap<>();
    private final List<Long> buyerLatencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger botPurchases = new AtomicInteger();
    private final AtomicInteger botRequests = new AtomicInteger();
    private final AtomicInteger decidedBuyers = new AtomicInteger();
    private final AtomicInteger buyerChallengeRequests = new AtomicInteger();
    private Semaphore inFlight;
    private final Map<Integer, LoopbackClient.Reply> hoards = new ConcurrentHashMap<>();
    private final Map<Integer, String> accompliceTokens = new ConcurrentHashMap<>();
    private final Map<Integer, String> hoarderTokens = new ConcurrentHashMap<>();
    private List<String> forgedTokens = List.of();
    /** Each shopper signs in once; a retry or a comeback reuses the token. */
    private final Map<Integer, String> buyerTokens = new ConcurrentHashMap<>();
    private final java.util.Set<Integer> boughtBuyers = ConcurrentHashMap.newKeySet();
    private final java.util.Set<Integer> decidedOnce = ConcurrentHashMap.newKeySet();
    private volatile int attempts = 1;
    private AfterSale afterSale;
    private String saleFields = "";

    /** What runs once the shoppers are done and the queue drained, before the outcome is read (a fault run). */
    public interface AfterSale {
        void run(Simulation simulation, Settings settings) throws InterruptedException;
    }

    /**
     * Shoppers who get no answer, a 5xx or a 429 try again, up to {@code attempts} times in all, with a fresh
     * challenge: what people do when a page fails during a sale.
     */
    public Simulation retryingFailures(int attempts, AfterSale afterSale) {
        this.attempts = Math.max(1, attempts);
        this.afterSale = afterSale;
        return this;
    }

    public Simulation(ApiClient api, Drain drain, PrintStream progress) {
        this.api = api;
        this.http = new LoopbackClient(api.base());
        this.drain = drain;
        this.progress = progress;
    }

    public SimulationReport run(Settings settings) throws InterruptedException {
        inFlight = new Semaphore(settings.concurrency());
        if (settings.bots() > 0) {
            forgedTokens = forgeTokens();
            signInHoarders(settings); // before the sale exists, so that their head start is not spent signing in
        }
        Instant opensAt = createSale(settings);
        if (settings.bots() > 0) {
            hoard(settings);
        }
        long untilOpening = Duration.between(Instant.now(), opensAt).toMillis();
        if (untilOpening > 0) {
            Thread.sleep(untilOpening);
        }
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < settings.buyers(); i++) {
            int buyer = i;
            tasks.add(() -> buyer(settings, buyer));
        }
        for (int j = 0; j < settings.bots(); j++) {
            int bot = j;
            tasks.add(() -> bot(settings, bot));
        }
        Collections.shuffle(tasks, new java.util.Random(42)); // bots arrive among the shoppers
        // Shoppers spend most of their time reading the question: threads are many, requests in flight are not.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(settings.concurrency(), 512));
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        for (Runnable task : tasks) {
            pool.execute(() -> {
                task.run();
                showProgress(done.incrementAndGet(), tasks.size());
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the simulated shoppers did not finish in 30 minutes");
        }
        long elapsed = System.nanoTime() - started;
        finishProgress();

        long drainStarted = System.nanoTime();
        if (drain != null && !drain.await(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the order queue did not drain within 5 minutes");
        }
        if (afterSale != null) {
            afterSale.run(this, settings);
        }
        Map<String, Long> orderStatuses = awaitFinalStatuses(new ArrayList<>(orderIds), Duration.ofMinutes(5));
        double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;
        return report(settings, elapsed, drainSeconds, orderStatuses);
    }

    private Instant createSale(Settings settings) {
        Instant now = Instant.now();
        Instant opensAt = settings.bots() > 0 ? now.plus(OPENING_DELAY) : now.minusSeconds(1);
        String protection = settings.protection()
                ? "{\"challenge\":\"on\",\"minAnswerMillis\":" + settings.minAnswerMillis() + "}"
                : "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0,\"jitterMillis\":0}";
        ApiClient.Answer created = api.createSale(settings.saleId(), settings.stock(), opensAt,
                now.plus(Duration.ofHours(1)), protection + saleFields);
        if (created.status() != 201 && created.status() != 200) {
            throw new IllegalStateException("could not create the sale: HTTP " + created.status() + " " + created.rawBody());
        }
        return opensAt;
    }

    static String buyerAddress(int buyer) {
        return "127.1." + (buyer / 250) + "." + (buyer % 250 + 1);
    }

    static String botAddress(int bot) {
        int host = bot / 8;
        return "127.200." + (host / 250) + "." + (host % 250 + 1);
    }

    /**
     * Shoppers who have not bought come back, as they do when a sold-out sale shows units again: at most
     * {@code shoppers} of them, together; the number who got a 202 this time.
     */
    public int comeBack(Settings settings, int shoppers) throws InterruptedException {
        List<Integer> waiting = new ArrayList<>();
        for (int buyer = 0; buyer < settings.buyers() && waiting.size() < shoppers; buyer++) {
            if (!boughtBuyers.contains(buyer)) {
                waiting.add(buyer);
            }
        }
        int before = boughtBuyers.size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(waiting.size(), 64)));
        waiting.forEach(buyer -> pool.execute(() -> buyer(settings, buyer)));
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return boughtBuyers.size() - before;
    }

    /** More members of the sale's definition, as JSON members ({@code "paymentMinutes":1}). */
    public Simulation withSaleFields(String members) {
        this.saleFields = members.isEmpty() ? "" : "," + members;
        return this;
    }

    /** The order ids shoppers were given so far. */
    public List<String> orderIds() {
        synchronized (orderIds) {
            return new ArrayList<>(orderIds);
        }
    }

    /** The API client (admin requests signed), without a shopper's token. */
    public ApiClient api() {
        return api;
    }

    /** The API client signed in as the shopper who was given {@code orderId}: only they may read or pay it. */
    public ApiClient ownerOf(String orderId) {
        return api.withToken(tokenByOrder.get(orderId));
    }

    private void buyer(Settings settings, int buyer) {
        // One purchase, one request id: a retry after a lost or failed answer finds the same order.
        String requestId = attempts > 1 ? "r" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) : null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int status = buy(settings, buyer, requestId);
            if (status >= 0 && status < 500 && status != 429) {
                return;
            }
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One attempt: sign-in (once), the challenge, a human pause, the purchase; the answer's status, -1 without one. */
    private int buy(Settings settings, int buyer, String requestId) {
        String address = buyerAddress(buyer);
        String user = "buyer-" + settings.saleId() + "-" + buyer;
        String purchases = "/api/sales/" + settings.saleId() + "/purchases";
        try {
            String token = buyerTokens.get(buyer);
            if (token == null) {
                token = signIn(user);
                buyerTokens.put(buyer, token);
            }
            String challenge = "";
            if (settings.protection()) {
                LoopbackClient.Reply issued = send(address, "GET",
                        "/api/sales/" + settings.saleId() + "/challenge", null, token);
                buyerChallengeRequests.incrementAndGet();
                if (issued.status() != 200) {
                    count(buyerStatuses, issued.status());
                    return issued.status();
                }
                // A person reads and types: a little more than the minimum answer time.
                Thread.sleep(settings.minAnswerMillis() + ThreadLocalRandom.current().nextInt(20, 150));
                challenge = ",\"challenge\":" + challengeJson(issued, solve(issued.text("question")));
            }
            LoopbackClient.Reply reply = send(address, "POST", purchases,
                    "{\"quantity\":1" + challenge
                            + (requestId == null ? "" : ",\"requestId\":\"" + requestId + "\"") + "}", token);
            buyerLatencies.add(reply.nanos());
            count(buyerStatuses, reply.status());
            if (reply.status() == 202) {
                tokenByOrder.put(reply.text("orderId"), token);
                orderIds.add(reply.text("orderId"));
                boughtBuyers.add(buyer);
            }
            if ((reply.status() == 202 || reply.status() == 410)
                    && decidedOnce.add(buyer)) {
                decidedBuyers.incrementAndGet();
            }
            return reply.status();
        } catch (Exception failed) {
            count(buyerStatuses, -1);
            return -1;
        }
    }

    /**
     * Seven kinds of bot, several attempts each. The first four have an account and fail the challenge their own
     * way; an id-cycler has an account and buys under ids that are not its own; an early hoarder fetched its
     * challenge before the sale (see {@link #hoard}) and fires at the opening; a scripted solver answers any
     * question perfectly at a human pace but has no account, only tokens it made itself.
     */
    private void bot(Settings settings, int bot) {
        String address = botAddress(bot);
        String user = botUser(settings, bot);
        String purchases = "/api/sales/" + settings.saleId() + "/purchases";
        String challengeRoute = "/api/sales/" + settings.saleId() + "/challenge";
        String kind = botKind(bot);
        try {
            String token = kind.equals("scripted-solver") ? null
                    : kind.equals("early-hoarder") ? hoarderTokens.get(bot) : signIn(user);
            for (int attempt = 0; attempt < BOT_ATTEMPTS; attempt++) {
                String challenge = "";
                String bodyUser = "";
                switch (kind) {
                    case "skipper" -> challenge = "";
                    case "rusher" -> { // the right answer at machine speed, on one held request slot
                        inFlight.acquire();
                        try {
                            LoopbackClient.Reply issued = countBot(http.send(address, "GET", challengeRoute, null, token));
                            String rushed = issued.status() == 200 ? ",\"challenge\":" + solved(issued) : "";
                            recordBotPurchase(kind, token, countBot(http.send(address, "POST", purchases,
                                    "{\"quantity\":1" + rushed + "}", token)));
                        } finally {
                            inFlight.release();
                        }
                        continue;
                    }
                    case "guesser" -> { // waits like a person, then guesses
                        LoopbackClient.Reply issued = botSend(address, "GET", challengeRoute, null, token);
                        if (issued.status() == 200) {
                            Thread.sleep(settings.minAnswerMillis() + 20L);
                            challenge = ",\"challenge\":" + challengeJson(issued, "1");
                        }
                    }
                    case "replayer" -> { // a challenge an accomplice's account was given, solved, under its own
                        LoopbackClient.Reply issued = botSend(address, "GET", challengeRoute, null,
                                accomplice(settings, bot));
                        if (issued.status() == 200) {
                            Thread.sleep(settings.minAnswerMillis() + 20L);
                            challenge = ",\"challenge\":" + solved(issued);
                        }
                    }
                    case "id-cycler" -> { // its own token, a fresh id in the body each time (and once no token)
                        LoopbackClient.Reply issued = botSend(address, "GET", challengeRoute, null, token);
                        if (issued.status() == 200) {
                            Thread.sleep(settings.minAnswerMillis() + 20L);
                            challenge = ",\"challenge\":" + solved(issued);
                        }
                        bodyUser = "\"userId\":" + ApiClient.quote(user + "-alias-" + attempt) + ",";
                        if (attempt == BOT_ATTEMPTS - 1) {
                            recordBotPurchase(kind, null, botSend(address, "POST", purchases,
                                    "{" + bodyUser + "\"quantity\":1" + challenge + "}", null));
                            continue;
                        }
                    }
                    case "early-hoarder" -> { // what it fetched before the opening, nothing new
                        LoopbackClient.Reply hoarded = hoards.get(bot);
                        challenge = hoarded != null && hoarded.status() == 200 ? ",\"challenge\":" + solved(hoarded) : "";
                    }
                    default -> { // scripted solver: perfect answers, forged identity
                        token = forgedTokens.get(attempt % forgedTokens.size());
                        LoopbackClient.Reply issued = botSend(address, "GET", challengeRoute, null, token);
                        if (issued.status() == 200) {
                            Thread.sleep(settings.minAnswerMillis() + 20L);
                            challenge = ",\"challenge\":" + solved(issued);
                        }
                    }
                }
                recordBotPurchase(kind, token, botSend(address, "POST", purchases,
                        "{" + bodyUser + "\"quantity\":1" + challenge + "}", token));
            }
        } catch (Exception failed) {
            count(botStatuses, -1);
        }
    }

    /** Signing in is a request like the others: within the same cap on requests in flight. */
    private String signIn(String user) throws InterruptedException {
        inFlight.acquire();
        try {
            return api.signIn(user);
        } finally {
            inFlight.release();
        }
    }

    static String botKind(int bot) {
        return BOT_KINDS[bot % BOT_KINDS.length];
    }

    private static String botUser(Settings settings, int bot) {
        return "bot-" + settings.saleId() + "-" + bot;
    }

    private String accomplice(Settings settings, int bot) {
        return accompliceTokens.computeIfAbsent(bot, b -> api.signIn(botUser(settings, b) + "-accomplice"));
    }

    /**
     * The early hoarders' head start: well before the opening (more than the few seconds a challenge may be
     * issued ahead of a shopper's own start) each signs in and asks for its challenge, to fire the moment the
     * sale opens.
     */
    private void hoard(Settings settings) throws InterruptedException {
        ExecutorService early = Executors.newFixedThreadPool(64); // all at once: early means early
        for (int bot = 0; bot < settings.bots(); bot++) {
            if (!botKind(bot).equals("early-hoarder")) {
                continue;
            }
            int hoarder = bot;
            early.execute(() -> {
                try {
                    String token = hoarderTokens.get(hoarder);
                    LoopbackClient.Reply issued = countBot(http.send(botAddress(hoarder), "GET",
                            "/api/sales/" + settings.saleId() + "/challenge", null, token));
                    hoards.put(hoarder, issued);
                } catch (Exception failed) {
                    count(botStatuses, -1);
                }
            });
        }
        early.shutdown();
        early.awaitTermination(1, TimeUnit.MINUTES);
    }

    private void signInHoarders(Settings settings) throws InterruptedException {
        ExecutorService signIns = Executors.newFixedThreadPool(16);
        for (int bot = 0; bot < settings.bots(); bot++) {
            if (botKind(bot).equals("early-hoarder")) {
                int hoarder = bot;
                signIns.execute(() -> hoarderTokens.put(hoarder, api.signIn(botUser(settings, hoarder))));
            }
        }
        signIns.shutdown();
        signIns.awaitTermination(5, TimeUnit.MINUTES);
    }

    /** The tokens a solver without an account makes: its own key, no signature, an HMAC on the public key, an edit. */
    private List<String> forgeTokens() {
        try {
            String real = api.signIn("forger-template");
            String[] parts = real.split("\\.");
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String header = new String(java.util.Base64.getUrlDecoder().decode(parts[0]), java.nio.charset.StandardCharsets.UTF_8);
            String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"forger-template\"", "\"scripted-solver\"");
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            java.security.KeyPair own = generator.generateKeyPair();
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(own.getPrivate());
            String selfSignedInput = parts[0] + "." + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            rsa.update(selfSignedInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String selfSigned = selfSignedInput + "." + b64.encodeToString(rsa.sign());
            String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".";
            String hsHeader = b64.encodeToString(header.replace("RS256", "HS256").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
            hmac.init(new javax.crypto.spec.SecretKeySpec(api.get("/auth/local/.well-known/jwks.json").rawBody()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            String hsInput = hsHeader + "." + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String confused = hsInput + "." + b64.encodeToString(hmac.doFinal(hsInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            String edited = parts[0] + "." + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
            return List.of(selfSigned, none, confused, edited);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private LoopbackClient.Reply botSend(String address, String method, String path, String json, String token)
            throws Exception {
        return countBot(send(address, method, path, json, token));
    }

    private LoopbackClient.Reply countBot(LoopbackClient.Reply reply) {
        botRequests.incrementAndGet();
        count(botStatuses, reply.status());
        return reply;
    }

    private void recordBotPurchase(String kind, String token, LoopbackClient.Reply reply) {
        if (reply.status() == 202) {
            botPurchases.incrementAndGet();
            botPurchasesByKind.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            if (token != null) {
                tokenByOrder.put(reply.text("orderId"), token);
            }
            orderIds.add(reply.text("orderId"));
        }
    }

    private static String solved(LoopbackClient.Reply issued) {
        return challengeJson(issued, solve(issued.text("question")));
    }

    /** At most {@code concurrency} requests in flight, whatever the number of shoppers. */
    private LoopbackClient.Reply send(String address, String method, String path, String json, String token)
            throws Exception {
        inFlight.acquire();
        try {
            return http.send(address, method, path, json, token);
        } finally {
            inFlight.release();
        }
    }

    private static String challengeJson(LoopbackClient.Reply issued, String answer) {
        return "{\"challengeId\":" + ApiClient.quote(issued.text("challengeId")) + ",\"answer\":" + ApiClient.quote(answer)
                + ",\"token\":" + ApiClient.quote(issued.text("token")) + "}";
    }

    static String solve(String question) {
        Matcher sum = SUM.matcher(question == null ? "" : question);
        return sum.matches() ? Integer.toString(Integer.parseInt(sum.group(1)) + Integer.parseInt(sum.group(2))) : "?";
    }

    private static void count(Map<Integer, AtomicInteger> statuses, int status) {
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    private SimulationReport report(Settings settings, long elapsedNanos, double drainSeconds,
                                    Map<String, Long> orderStatuses) {
        ApiClient.Answer report = api.get("/api/admin/sales/" + settings.saleId() + "/report");
        if (report.status() != 200) {
            throw new IllegalStateException("could not read the sale report: HTTP " + report.status());
        }
        long[] sorted = buyerLatencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        Map<Integer, Integer> other = new HashMap<>();
        buyerStatuses.forEach((status, count) -> {
            if (status != 202 && status != 410) {
                other.put(status, count.get());
            }
        });
        Map<Integer, Integer> bots = new HashMap<>();
        botStatuses.forEach((status, count) -> bots.put(status, count.get()));
        int admitted = get(buyerStatuses, 202) + botPurchases.get();
        // An order that was confirmed and then paid, or expired unpaid by its shopper's choice, was not lost.
        long confirmedOfAdmitted = KEPT.stream().mapToLong(status -> orderStatuses.getOrDefault(status, 0L)).sum();
        int requests = buyerLatencies.size() + buyerChallengeRequests.get() + botRequests.get();
        return new SimulationReport(settings.saleId(), settings.stock(), settings.buyers(), settings.bots(),
                requests, admitted, get(buyerStatuses, 410), other, bots, botPurchases.get(), byKind(),
                settings.buyers() == 0 ? 0 : (double) decidedBuyers.get() / settings.buyers(),
                report.number("confirmed"), report.number("rejected"), report.number("oversold"),
                // distinct orders: a retry with the same request id is answered with the same order
                report.number("duplicateBuyers"), new java.util.HashSet<>(orderIds()).size() - confirmedOfAdmitted,
                requests / (elapsedNanos / 1e9), percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, drainSeconds);
    }

    /** Polls every admitted order until none is PENDING (or the timeout); counts them by status. */
    private Map<String, Long> awaitFinalStatuses(List<String> ids, Duration timeout) throws InterruptedException {
        Map<String, String> statusById = new ConcurrentHashMap<>();
        List<String> open = new ArrayList<>(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (String orderId : open) {
                checks.add(api.withToken(tokenByOrder.get(orderId)).send("GET", "/api/orders/" + orderId, null)
                        .thenAccept(answer -> statusById.put(orderId,
                                answer.status() == 200 ? answer.text("status") : "HTTP_" + answer.status())));
            }
            CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join();
            open.removeIf(id -> !"PENDING".equals(statusById.get(id)) && !"HTTP_429".equals(statusById.get(id)));
            if (!open.isEmpty()) {
                Thread.sleep(250);
            }
        }
        Map<String, Long> counts = new HashMap<>();
        statusById.values().forEach(status -> counts.merge(status, 1L, Long::sum));
        // Each order counted lost, by id: what to look for in the stores and the functions' logs.
        statusById.forEach((orderId, status) -> {
            if (!KEPT.contains(status)) {
                System.err.println("simulate: order " + orderId + " ended " + status + " (counted lost)");
            }
        });
        return counts;
    }

    private Map<String, Integer> byKind() {
        Map<String, Integer> counts = new HashMap<>();
        for (String kind : BOT_KINDS) {
            counts.put(kind, 0); // every kind is reported, the target being 0
        }
        botPurchasesByKind.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    private static int get(Map<Integer, AtomicInteger> statuses, int status) {
        AtomicInteger count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private void showProgress(int done, int total) {
        if (progress == null || (done % Math.max(1, total / 100) != 0 && done != total)) {
            return;
        }
        int width = 40;
        int filled = (int) ((long) done * width / total);
        synchronized (progress) {
            progress.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
            progress.flush();
        }
    }

    private void finishProgress() {
        if (progress != null) {
            progress.println();
        }
    }
}
