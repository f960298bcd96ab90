package dev.flashsale.local.simulate;

import dev.flashsale.core.challenge.Challenges;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Seven kinds of bot, eight per address of 127.200.0.0/16, several attempts each. The first four have an account
 * and fail the challenge their own way (a skipper sends none, a rusher answers at machine speed, a guesser guesses,
 * a replayer answers a challenge an accomplice's account was given); an id-cycler has an account and buys under
 * ids that are not its own; an early hoarder fetched its challenge before the sale ({@link #hoard}) and fires at
 * the opening; a scripted solver answers any question perfectly at a human pace but has no account, only tokens
 * it made itself ({@link ForgedTokens}).
 */
final class BotCrowd {

    static final String[] KINDS = {"skipper", "rusher", "guesser", "replayer", "id-cycler", "early-hoarder",
            "scripted-solver"};
    private static final int ATTEMPTS = 4;

    private final ApiClient api;
    private final RequestSlots slots;
    private final SaleTally tally;
    private final Simulation.Settings settings;
    private final Map<Integer, LoopbackClient.Reply> hoards = new ConcurrentHashMap<>();
    private final Map<Integer, String> accompliceTokens = new ConcurrentHashMap<>();
    private final Map<Integer, String> hoarderTokens = new ConcurrentHashMap<>();
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
            if (kind(bot).equals("early-hoarder")) {
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

    /** One bot's attempts. */
    void run(int bot) {
        String address = address(bot);
        String kind = kind(bot);
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
