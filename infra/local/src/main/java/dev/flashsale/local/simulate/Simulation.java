package dev.flashsale.local.simulate;

import dev.flashsale.core.challenge.Challenges;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flash sale against a running stack over real HTTP. Shoppers (one per address of 127.1.0.0/16) ask for the
 * challenge, answer it at a human pace and buy once; bots ({@link BotCrowd}) skip the challenge, rush it, guess it
 * or replay a token of another user, and hammer. Then it waits until every admitted order has left the pipeline
 * and checks the outcome against the ledger ({@link SaleTally#report}): confirmed orders never beyond stock, no
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
     * @param jitterMillis the sale's spread of each shopper's own start (0: everyone at the opening); shoppers wait
     *                     for theirs, which they ask for at {@code /me}, as the page does
     */
    public record Settings(int buyers, int bots, int stock, int concurrency, String saleId, boolean protection,
                           int minAnswerMillis, int jitterMillis) {

        public Settings(int buyers, int bots, int stock, int concurrency, String saleId, boolean protection,
                        int minAnswerMillis) {
            this(buyers, bots, stock, concurrency, saleId, protection, minAnswerMillis, 0);
        }
    }

    /** What runs once the shoppers are done and the queue drained, before the outcome is read (a fault run). */
    public interface AfterSale {
        void run(Simulation simulation, Settings settings) throws InterruptedException;
    }

    /** With bots, the sale opens this long after it is created: the early hoarders need a "before". */
    private static final Duration OPENING_DELAY = Duration.ofSeconds(12);

    private final ApiClient api;
    private final LoopbackClient http;
    private final Drain drain;
    private final ProgressBar progress;
    private final SaleTally tally = new SaleTally();
    /** Each shopper signs in once; a retry or a comeback reuses the token. */
    private final Map<Integer, String> buyerTokens = new ConcurrentHashMap<>();
    private RequestSlots slots;
    private volatile int attempts = 1;
    private AfterSale afterSale;
    private String saleFields = "";

    public Simulation(ApiClient api, Drain drain, PrintStream progress) {
        this.api = api;
        this.http = new LoopbackClient(api.base());
        this.drain = drain;
        this.progress = new ProgressBar(progress);
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

    /** More members of the sale's definition, as JSON members ({@code "paymentMinutes":1}). */
    public Simulation withSaleFields(String members) {
        this.saleFields = members.isEmpty() ? "" : "," + members;
        return this;
    }

    public SimulationReport run(Settings settings) throws InterruptedException {
        slots = new RequestSlots(http, settings.concurrency());
        BotCrowd bots = new BotCrowd(api, slots, tally, settings);
        if (settings.bots() > 0) {
            bots.prepare(); // before the sale exists, so that the hoarders' head start is not spent signing in
        }
        Instant opensAt = createSale(settings);
        if (settings.bots() > 0) {
            bots.hoard();
            bots.armExactTimers();
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
            tasks.add(() -> bots.run(bot));
        }
        Collections.shuffle(tasks, new Random(42)); // bots arrive among the shoppers
        // Shoppers spend most of their time reading the question: threads are many, requests in flight are not.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(settings.concurrency(), 512));
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        for (Runnable task : tasks) {
            pool.execute(() -> {
                task.run();
                progress.show(done.incrementAndGet(), tasks.size());
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the simulated shoppers did not finish in 30 minutes");
        }
        long elapsed = System.nanoTime() - started;
        progress.finish();

        long drainStarted = System.nanoTime();
        if (drain != null && !drain.await(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the order queue did not drain within 5 minutes");
        }
        if (afterSale != null) {
            afterSale.run(this, settings);
        }
        Map<String, Long> orderStatuses = awaitFinalStatuses(tally.orderIds(), Duration.ofMinutes(5));
        double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;
        ApiClient.Answer report = api.get("/api/admin/sales/" + settings.saleId() + "/report");
        if (report.status() != 200) {
            throw new IllegalStateException("could not read the sale report: HTTP " + report.status());
        }
        return tally.report(settings, report, elapsed, drainSeconds, orderStatuses, bots.countOf(BotCrowd.EXACT_TIMER));
    }

    private Instant createSale(Settings settings) {
        Instant now = Instant.now();
        Instant opensAt = settings.bots() > 0 ? now.plus(OPENING_DELAY) : now.minusSeconds(1);
        String protection = settings.protection()
                ? "{\"challenge\":\"on\",\"minAnswerMillis\":" + settings.minAnswerMillis() + ",\"jitterMillis\":"
                        + settings.jitterMillis() + "}"
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

    /**
     * Shoppers who have not bought come back, as they do when a sold-out sale shows units again: at most
     * {@code shoppers} of them, together; the number who got a 202 this time.
     */
    public int comeBack(Settings settings, int shoppers) throws InterruptedException {
        List<Integer> waiting = new ArrayList<>();
        for (int buyer = 0; buyer < settings.buyers() && waiting.size() < shoppers; buyer++) {
            if (!tally.bought(buyer)) {
                waiting.add(buyer);
            }
        }
        int before = tally.buyersWhoBought();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(waiting.size(), 64)));
        waiting.forEach(buyer -> pool.execute(() -> buyer(settings, buyer)));
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return tally.buyersWhoBought() - before;
    }

    /** The order ids shoppers were given so far. */
    public List<String> orderIds() {
        return tally.orderIds();
    }

    /** The API client (admin requests signed), without a shopper's token. */
    public ApiClient api() {
        return api;
    }

    /** The API client signed in as the shopper who was given {@code orderId}: only they may read or pay it. */
    public ApiClient ownerOf(String orderId) {
        return api.withToken(tally.tokenOf(orderId));
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
        try {
            String token = buyerTokens.get(buyer);
            if (token == null) {
                token = slots.signIn(api, user);
                buyerTokens.put(buyer, token);
            }
            String challenge = null;
            if (settings.protection() && settings.jitterMillis() > 0) {
                waitForOwnStart(settings, address, token);
            }
            if (settings.protection()) {
                LoopbackClient.Reply issued = slots.send(address, "GET",
                        "/api/sales/" + settings.saleId() + "/challenge", null, token);
                tally.buyerChallenge(issued.status());
                if (issued.status() != 200) {
                    return issued.status();
                }
                // A person reads and types: a little more than the minimum answer time.
                Thread.sleep(Challenges.longestMinimumMillis(settings.minAnswerMillis())
                        + ThreadLocalRandom.current().nextInt(20, 150));
                challenge = PurchaseBodies.solved(issued);
            }
            LoopbackClient.Reply reply = slots.send(address, "POST", "/api/sales/" + settings.saleId() + "/purchases",
                    PurchaseBodies.purchase(null, challenge, requestId), token);
            tally.buyerPurchase(buyer, token, reply);
            return reply.status();
        } catch (Exception failed) {
            tally.buyerFailed();
            return -1;
        }
    }

    /** As the page: the shopper's own start from {@code /me}, then the countdown to it on the server's clock. */
    private void waitForOwnStart(Settings settings, String address, String token) throws Exception {
        LoopbackClient.Reply me = slots.send(address, "GET", "/api/sales/" + settings.saleId() + "/me", null, token);
        if (me.status() != 200) {
            return;
        }
        long offset = Instant.parse(me.text("serverTime")).toEpochMilli() - System.currentTimeMillis();
        long wait = Instant.parse(me.text("buyableAt")).toEpochMilli() - offset - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** Polls every admitted order until none is PENDING (or the timeout); counts them by status. */
    private Map<String, Long> awaitFinalStatuses(List<String> ids, Duration timeout) throws InterruptedException {
        Map<String, String> statusById = new ConcurrentHashMap<>();
        List<String> open = new ArrayList<>(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (String orderId : open) {
                checks.add(api.withToken(tally.tokenOf(orderId)).send("GET", "/api/orders/" + orderId, null)
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
            if (!SaleTally.KEPT.contains(status)) {
                System.err.println("simulate: order " + orderId + " ended " + status + " (counted lost)");
            }
        });
        return counts;
    }
}
