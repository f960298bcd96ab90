package dev.flashsale.local.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What the shoppers and bots of a simulation were answered, counted as the answers arrive. */
final class SaleTally {

    /** The statuses of an admitted order that was not lost: sold, then paid or let expire by its shopper. */
    static final Set<String> KEPT = Set.of("CONFIRMED", "PAID", "EXPIRED");

    private final Map<Integer, AtomicInteger> buyerStatuses = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> botStatuses = new ConcurrentHashMap<>();
    private final List<String> orderIds = Collections.synchronizedList(new ArrayList<>());
    /** Whose token may read each admitted order: a shopper reads only their own. */
    private final Map<String, String> tokenByOrder = new ConcurrentHashMap<>();
    private final List<Long> buyerLatencies = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> botPurchasesByKind = new ConcurrentHashMap<>();
    private final AtomicInteger botPurchases = new AtomicInteger();
    private final AtomicInteger botRequests = new AtomicInteger();
    private final AtomicInteger buyerChallengeRequests = new AtomicInteger();
    private final Set<Integer> boughtBuyers = ConcurrentHashMap.newKeySet();
    /** Shoppers who got a definite answer (bought, or sold out) at least once. */
    private final Set<Integer> decidedBuyers = ConcurrentHashMap.newKeySet();

    /** A shopper's challenge request and its answer; {@code status} -1: no answer at all. */
    void buyerChallenge(int status) {
        buyerChallengeRequests.incrementAndGet();
        if (status != 200) {
            count(buyerStatuses, status);
        }
    }

    /** A shopper's attempt that ended without an answer. */
    void buyerFailed() {
        count(buyerStatuses, -1);
    }

    /** A shopper's purchase and its answer. */
    void buyerPurchase(int buyer, String token, LoopbackClient.Reply reply) {
        buyerLatencies.add(reply.nanos());
        count(buyerStatuses, reply.status());
        if (reply.status() == 202) {
            tokenByOrder.put(reply.text("orderId"), token);
            orderIds.add(reply.text("orderId"));
            boughtBuyers.add(buyer);
        }
        if (reply.status() == 202 || reply.status() == 410) {
            decidedBuyers.add(buyer);
        }
    }

    /** A bot's request and its answer, whatever it was. */
    LoopbackClient.Reply botAnswer(LoopbackClient.Reply reply) {
        botRequests.incrementAndGet();
        count(botStatuses, reply.status());
        return reply;
    }

    void botFailed() {
        count(botStatuses, -1);
    }

    /** A bot's purchase answer (already counted by {@link #botAnswer}): a 202 is a bot that bought. */
    void botPurchase(String kind, String token, LoopbackClient.Reply reply) {
        if (reply.status() == 202) {
            botPurchases.incrementAndGet();
            botPurchasesByKind.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            if (token != null) {
                tokenByOrder.put(reply.text("orderId"), token);
            }
            orderIds.add(reply.text("orderId"));
        }
    }

    boolean bought(int buyer) {
        return boughtBuyers.contains(buyer);
    }

    int buyersWhoBought() {
        return boughtBuyers.size();
    }

    /** The order ids shoppers and bots were given so far. */
    List<String> orderIds() {
        synchronized (orderIds) {
            return new ArrayList<>(orderIds);
        }
    }

    /** The token of whoever was given {@code orderId}. */
    String tokenOf(String orderId) {
        return tokenByOrder.get(orderId);
    }

    /**
     * The report: these answers, the sale's own report ({@code confirmed}, {@code rejected}, {@code oversold},
     * {@code duplicateBuyers}) and the admitted orders' final statuses.
     */
    SimulationReport report(Simulation.Settings settings, ApiClient.Answer saleReport, long elapsedNanos,
                            double drainSeconds, Map<String, Long> orderStatuses) {
        return report(settings, saleReport, elapsedNanos, drainSeconds, orderStatuses, 0);
    }

    /**
     * As above, with {@code exactTimers} exact-timer bots among the bots: each kind that breaks a rule must buy
     * nothing; the exact timer, which breaks none, must buy no more often than a shopper (its share of buyers).
     */
    SimulationReport report(Simulation.Settings settings, ApiClient.Answer saleReport, long elapsedNanos,
                            double drainSeconds, Map<String, Long> orderStatuses, int exactTimers) {
        Percentiles latency = new Percentiles(new ArrayList<>(buyerLatencies));
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
        Map<String, Integer> byKind = byKind();
        int timerBuys = byKind.getOrDefault(BotCrowd.EXACT_TIMER, 0);
        double shopperShare = settings.buyers() == 0 ? 0 : (double) boughtBuyers.size() / settings.buyers();
        double exactTimerShare = exactTimers == 0 ? 0 : (double) timerBuys / exactTimers;
        return new SimulationReport(settings.saleId(), settings.stock(), settings.buyers(), settings.bots(),
                requests, admitted, get(buyerStatuses, 410), other, bots, botPurchases.get() - timerBuys, byKind,
                new SimulationReport.Shares(shopperShare, exactTimers, timerBuys, exactTimerShare),
                settings.buyers() == 0 ? 0 : (double) decidedBuyers.size() / settings.buyers(),
                saleReport.number("confirmed"), saleReport.number("rejected"), saleReport.number("oversold"),
                // distinct orders: a retry with the same request id is answered with the same order
                saleReport.number("duplicateBuyers"), new HashSet<>(orderIds()).size() - confirmedOfAdmitted,
                requests / (elapsedNanos / 1e9), latency.millis(0.50), latency.millis(0.99), latency.maxMillis(),
                drainSeconds);
    }

    private Map<String, Integer> byKind() {
        Map<String, Integer> counts = new HashMap<>();
        for (String kind : BotCrowd.KINDS) {
            counts.put(kind, 0); // every kind is reported, the target being 0
        }
        botPurchasesByKind.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    private static void count(Map<Integer, AtomicInteger> statuses, int status) {
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    private static int get(Map<Integer, AtomicInteger> statuses, int status) {
        AtomicInteger count = statuses.get(status);
        return count == null ? 0 : count.get();
    }
}
