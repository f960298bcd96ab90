package dev.flashsale.local.simulate;

import dev.flashsale.core.challenge.Challenges;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Eight kinds of bot, eight per address of 127.200.0.0/16, several attempts each. The first four have an account
 * and fail the challenge their own way (a skipper sends none, a rusher answers at machine speed, a guesser guesses,
 * a replayer answers a challenge an accomplice's account was given); an id-cycler has an account and buys under
 * ids that are not its own; an early hoarder fetched its challenge before the sale ({@link #hoard}) and fires at
 * the opening; a scripted solver answers any question perfectly at a human pace but has no account, only tokens
 * it made itself ({@link ForgedTokens}). An exact timer has its own real account and breaks no rule: it learns its own
 * start before the opening ({@code /me}), asks for its challenge from before that start, and answers at exactly the
 * earliest moment an answer is sure to count ({@link #armExactTimers}).
 */
final class BotCrowd {

    static final String[] KINDS = {"skipper", "rusher", "guesser", "replayer", "id-cycler", "early-hoarder",
            "scripted-solver", "exact-timer"};
    /**
     * The kind that does everything right, only sooner than a person: it may buy, but no more often than a shopper
     * does ({@link SaleTally}: its share of buys against the shoppers').
     */
    static final String EXACT_TIMER = "exact-timer";
    private static final int ATTEMPTS = 4;

    private final ApiClient api;
    private final RequestSlots slots;
    private final SaleTally tally;
    private final Simulation.Settings settings;
    private final Map<Integer, LoopbackClient.Reply> hoards = new ConcurrentHashMap<>();
    private final Map<Integer, String> accompliceTokens = new ConcurrentHashMap<>();
    private final Map<Integer, String> hoarderTokens = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Void>> exactTimers = new ConcurrentHashMap<>();
    private List<String> forgedTokens = List.of();

    BotCrowd(ApiClient api, RequestSlots slots, SaleTally tally, Simulation.Settings settings) {
        this.api = api;
        this.slots = slots;
        this.tally = tally;
        this.settings = settings;
    }

    static String kind(int bot) {
        return KINDS[bot % KINDS.length];
    }

    static String address(int bot) {
        int host = bot / 8;
        return "127.200." + (host / 250) + "." + (host % 250 + 1);
    }

    /** Before the sale exists: the forged tokens, and the hoarders signed in so that their head start is not spent so. */
    void prepare() throws InterruptedException {
        forgedTokens = ForgedTokens.forge(api);
        ExecutorService signIns = Executors.newFixedThreadPool(16);
        for (int bot = 0; bot < settings.bots(); bot++) {
            if (kind(bot).equals("early-hoarder") || kind(bot).equals(EXACT_TIMER)) {
                int hoarder = bot;
                signIns.execute(() -> hoarderTokens.put(hoarder, api.signIn(user(hoarder))));
            }
        }
        signIns.shutdown();
        signIns.awaitTermination(5, TimeUnit.MINUTES);
    }

    /**
     * The early hoarders' head start: well before the opening (more than the few seconds a challenge may be
     * issued ahead of a shopper's own start) each asks for its challenge, to fire the moment the sale opens.
     */
    void hoard() throws InterruptedException {
        ExecutorService early = Executors.newFixedThreadPool(64); // all at once: early means early
        for (int bot = 0; bot < settings.bots(); bot++) {
            if (!kind(bot).equals("early-hoarder")) {
                continue;
            }
            int hoarder = bot;
            early.execute(() -> {
                try {
                    hoards.put(hoarder, tally.botAnswer(slots.direct().send(address(hoarder), "GET",
                            challengeRoute(), null, hoarderTokens.get(hoarder))));
                } catch (Exception failed) {
                    tally.botFailed();
                }
            });
        }
        early.shutdown();
        early.awaitTermination(1, TimeUnit.MINUTES);
    }

    /**
     * Before the opening: each exact timer asks for its own start, then waits for it on its own thread (not in the
     * shoppers' pool, which starts at the opening): early, as a script is.
     */
    void armExactTimers() {
        ExecutorService timers = Executors.newFixedThreadPool(Math.max(1, countOf(EXACT_TIMER)));
        for (int bot = 0; bot < settings.bots(); bot++) {
            if (kind(bot).equals(EXACT_TIMER)) {
                int timer = bot;
                exactTimers.put(timer, CompletableFuture.runAsync(() -> exactTimer(timer), timers));
            }
        }
        timers.shutdown();
    }

    /** How many of the bots are of {@code kind}. */
    int countOf(String kind) {
        int count = 0;
        for (int bot = 0; bot < settings.bots(); bot++) {
            count += kind(bot).equals(kind) ? 1 : 0;
        }
        return count;
    }

    private void exactTimer(int bot) {
        String address = address(bot);
        String token = hoarderTokens.get(bot);
        try {
            LoopbackClient.Reply me = tally.botAnswer(slots.direct().send(address, "GET", "/api/sales/"
                    + settings.saleId() + "/me", null, token));
            if (me.status() != 200) {
                return;
            }
            long offset = Instant.parse(me.text("serverTime")).toEpochMilli() - System.currentTimeMillis();
            Instant start = Instant.parse(me.text("buyableAt"));
            // Early: a challenge asked for before its start is refused; the next try is at the start, exactly.
            tally.botAnswer(slots.direct().send(address, "GET", challengeRoute(), null, token));
            for (int attempt = 0; attempt < 2; attempt++) {
                LoopbackClient.Reply issued = challengeAtOrAfter(address, token, start, offset);
                if (issued == null) {
                    return;
                }
                Instant from = Instant.parse(issued.text("issuedAt"));
                from = from.isBefore(start) ? start : from;
                sleepUntil(from.plusMillis(Challenges.longestMinimumMillis(settings.minAnswerMillis())), offset);
                LoopbackClient.Reply bought = tally.botAnswer(slots.direct().send(address, "POST", purchaseRoute(),
                        PurchaseBodies.purchase(null, PurchaseBodies.solved(issued), null), token));
                tally.botPurchase(EXACT_TIMER, token, bought);
                if (!"CHALLENGE_FAILED".equals(bought.text("error"))) {
                    return;
                }
            }
        } catch (Exception failed) {
            tally.botFailed();
        }
    }

    /** The challenge, asked for again every few milliseconds from {@code start} until it is handed out. */
    private LoopbackClient.Reply challengeAtOrAfter(String address, String token, Instant start, long offset)
            throws Exception {
        sleepUntil(start, offset);
        for (int tries = 0; tries < 400; tries++) {
            LoopbackClient.Reply issued = tally.botAnswer(slots.direct().send(address, "GET", challengeRoute(), null,
                    token));
            if (issued.status() == 200) {
                return issued;
            }
            if (!"SALE_NOT_OPEN".equals(issued.text("error"))) {
                return null;
            }
            Thread.sleep(5);
        }
        return null;
    }

    /** Sleeps until {@code moment} on the server's clock ({@code offset}: server minus local, in ms). */
    private static void sleepUntil(Instant moment, long offset) throws InterruptedException {
        long wait = moment.toEpochMilli() - offset - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** One bot's attempts. */
    void run(int bot) {
        String address = address(bot);
        String kind = kind(bot);
        if (kind.equals(EXACT_TIMER)) {
            CompletableFuture<Void> armed = exactTimers.get(bot);
            if (armed != null) {
                armed.join(); // armed before the opening; its run is its own
            }
            return;
        }
        try {
            String token = kind.equals("scripted-solver") ? null
                    : kind.equals("early-hoarder") ? hoarderTokens.get(bot) : slots.signIn(api, user(bot));
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                String challenge = null;
                String bodyUser = null;
                switch (kind) {
                    case "skipper" -> challenge = null;
                    case "rusher" -> { // the right answer at machine speed, on one held request slot
                        String rusherToken = token;
                        tally.botPurchase(kind, token, slots.holding(() -> {
                            LoopbackClient.Reply issued = tally.botAnswer(slots.direct().send(address, "GET",
                                    challengeRoute(), null, rusherToken));
                            String rushed = issued.status() == 200 ? PurchaseBodies.solved(issued) : null;
                            return tally.botAnswer(slots.direct().send(address, "POST", purchaseRoute(),
                                    PurchaseBodies.purchase(null, rushed, null), rusherToken));
                        }));
                        continue;
                    }
                    case "guesser" -> { // waits like a person, then guesses
                        LoopbackClient.Reply issued = send(address, "GET", challengeRoute(), null, token);
                        if (issued.status() == 200) {
                            Thread.sleep(Challenges.longestMinimumMillis(settings.minAnswerMillis()) + 20L);
                            challenge = PurchaseBodies.challenge(issued, "1");
                        }
                    }
                    case "replayer" -> { // a challenge an accomplice's account was given, solved, under its own
                        challenge = solvedAtHumanPace(address, accomplice(bot));
                    }
                    case "id-cycler" -> { // its own token, a fresh id in the body each time (and once no token)
                        challenge = solvedAtHumanPace(address, token);
                        bodyUser = user(bot) + "-alias-" + attempt;
                        if (attempt == ATTEMPTS - 1) {
                            tally.botPurchase(kind, null, send(address, "POST", purchaseRoute(),
                                    PurchaseBodies.purchase(bodyUser, challenge, null), null));
                            continue;
                        }
                    }
                    case "early-hoarder" -> { // what it fetched before the opening, nothing new
                        LoopbackClient.Reply hoarded = hoards.get(bot);
                        challenge = hoarded != null && hoarded.status() == 200 ? PurchaseBodies.solved(hoarded) : null;
                    }
                    default -> { // scripted solver: perfect answers, forged identity
                        token = forgedTokens.get(attempt % forgedTokens.size());
                        challenge = solvedAtHumanPace(address, token);
                    }
                }
                tally.botPurchase(kind, token, send(address, "POST", purchaseRoute(),
                        PurchaseBodies.purchase(bodyUser, challenge, null), token));
            }
        } catch (Exception failed) {
            tally.botFailed();
        }
    }

    /** A challenge asked for with {@code token}, answered right after the minimum answer time; null if refused. */
    private String solvedAtHumanPace(String address, String token) throws Exception {
        LoopbackClient.Reply issued = send(address, "GET", challengeRoute(), null, token);
        if (issued.status() != 200) {
            return null;
        }
        Thread.sleep(Challenges.longestMinimumMillis(settings.minAnswerMillis()) + 20L);
        return PurchaseBodies.solved(issued);
    }

    private LoopbackClient.Reply send(String address, String method, String path, String json, String token)
            throws Exception {
        return tally.botAnswer(slots.send(address, method, path, json, token));
    }

    private String user(int bot) {
        return "bot-" + settings.saleId() + "-" + bot;
    }

    private String accomplice(int bot) {
        return accompliceTokens.computeIfAbsent(bot, b -> api.signIn(user(b) + "-accomplice"));
    }

    private String challengeRoute() {
        return "/api/sales/" + settings.saleId() + "/challenge";
    }

    private String purchaseRoute() {
        return "/api/sales/" + settings.saleId() + "/purchases";
    }
}
