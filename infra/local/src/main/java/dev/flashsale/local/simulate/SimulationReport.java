package dev.flashsale.local.simulate;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulation measured; {@link #toJson()} is the machine-readable line {@code --json} prints. Latencies are
 * the shoppers' purchase requests; {@code legitSuccessRate} is the share of shoppers who got a definite answer
 * (202 bought, or 410 sold out) rather than an error. {@code botPurchases} counts the kinds that break a rule (each
 * must buy nothing); {@code shares} compares the exact timers, which break none, with the shoppers.
 */
public record SimulationReport(
        String saleId,
        int stock,
        int buyers,
        int bots,
        int requests,
        int admitted,
        int soldOut,
        Map<Integer, Integer> otherByStatus,
        Map<Integer, Integer> botAnswers,
        int botPurchases,
        Map<String, Integer> botPurchasesByKind,
        Shares shares,
        double legitSuccessRate,
        long confirmed,
        long rejected,
        long oversold,
        long duplicates,
        long lost,
        double throughputPerSecond,
        double p50Millis,
        double p99Millis,
        double maxMillis,
        double drainSeconds) {

    /**
     * The share of shoppers who bought, and of exact-timer bots ({@code exactTimers} of them, {@code exactTimerBuys}
     * bought): a script that does what a person does, only at the earliest moment, must not buy more often.
     */
    public record Shares(double shopper, int exactTimers, int exactTimerBuys, double exactTimer) {

        public boolean fair() {
            return exactTimers == 0 || exactTimer <= shopper;
        }
    }

    public boolean passed() {
        return oversold == 0 && duplicates == 0 && lost == 0 && botPurchases == 0 && shares.fair();
    }

    /** Counts by key (an HTTP status, a bot kind) as one JSON object, keys in order. */
    private static String json(Map<?, Integer> counts) {
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(counts).forEach((key, count) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(key).append("\":").append(count);
        });
        return out.append('}').toString();
    }

    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"saleId\":\"%s\",\"stock\":%d,\"buyers\":%d,\"bots\":%d,\"requests\":%d,\"admitted\":%d,"
                        + "\"soldOut\":%d,\"other\":%s,\"botAnswers\":%s,\"botPurchases\":%d,\"botPurchasesByKind\":%s,"
                        + "\"shopperShare\":%.4f,\"exactTimers\":%d,\"exactTimerBuys\":%d,\"exactTimerShare\":%.4f,"
                        + "\"legitSuccessRate\":%.4f,"
                        + "\"confirmed\":%d,\"rejected\":%d,\"oversold\":%d,\"duplicates\":%d,\"lost\":%d,"
                        + "\"throughputPerSecond\":%.1f,\"p50Millis\":%.2f,\"p99Millis\":%.2f,\"maxMillis\":%.2f,"
                        + "\"drainSeconds\":%.2f,\"passed\":%s}",
                saleId, stock, buyers, bots, requests, admitted, soldOut, json(otherByStatus), json(botAnswers),
                botPurchases, json(botPurchasesByKind), shares.shopper(), shares.exactTimers(), shares.exactTimerBuys(),
                shares.exactTimer(), legitSuccessRate, confirmed, rejected, oversold, duplicates, lost, throughputPerSecond,
                p50Millis, p99Millis, maxMillis, drainSeconds, passed());
    }

    public String toText() {
        return String.format(Locale.ROOT, """
                        sale              %s (stock %d)
                        shoppers / bots   %d / %d
                        requests          %d
                        admitted (202)    %d
                        sold out (410)    %d
                        other answers     %s (shoppers, by HTTP status)
                        bot answers       %s
                        bot purchases     %d %s (kinds that break a rule)
                        buy shares        shoppers %.2f %%, exact timers %.2f %% (%d of %d)
                        shopper success   %.2f %% got a definite answer (bought or sold out)
                        confirmed         %d
                        rejected          %d
                        oversold          %d
                        duplicates        %d
                        lost              %d
                        throughput        %.1f requests/s
                        shopper latency   p50 %.2f ms, p99 %.2f ms, max %.2f ms (purchase requests)
                        queue drained     in %.2f s after the last request
                        verdict           %s""",
                saleId, stock, buyers, bots, requests, admitted, soldOut, otherByStatus, botAnswers, botPurchases,
                botPurchasesByKind, shares.shopper() * 100, shares.exactTimer() * 100, shares.exactTimerBuys(),
                shares.exactTimers(), legitSuccessRate * 100, confirmed, rejected, oversold, duplicates, lost, throughputPerSecond,
                p50Millis, p99Millis, maxMillis, drainSeconds,
                passed() ? "PASS" : "FAIL (oversold, duplicates, lost or bot purchases above zero, or exact timers buying more often than shoppers)");
    }
}
