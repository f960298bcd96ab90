package dev.flashsale.local.simulate;

import java.util.Map;
import java.util.TreeMap;

/** What a simulation measured; {@link #toJson()} is the machine-readable line {@code --json} prints. */
public record SimulationReport(
        String saleId,
        int stock,
        int requests,
        int admitted,
        int soldOut,
        Map<Integer, Integer> otherByStatus,
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

    public boolean passed() {
        return oversold == 0 && duplicates == 0 && lost == 0;
    }

    public String toJson() {
        StringBuilder other = new StringBuilder("{");
        new TreeMap<>(otherByStatus).forEach((status, count) -> {
            if (other.length() > 1) {
                other.append(',');
            }
            other.append('"').append(status).append("\":").append(count);
        });
        other.append('}');
        return String.format(java.util.Locale.ROOT,
                "{\"saleId\":\"%s\",\"stock\":%d,\"requests\":%d,\"admitted\":%d,\"soldOut\":%d,\"other\":%s,"
                        + "\"confirmed\":%d,\"rejected\":%d,\"oversold\":%d,\"duplicates\":%d,\"lost\":%d,"
                        + "\"throughputPerSecond\":%.1f,\"p50Millis\":%.2f,\"p99Millis\":%.2f,\"maxMillis\":%.2f,"
                        + "\"drainSeconds\":%.2f,\"passed\":%s}",
                saleId, stock, requests, admitted, soldOut, other, confirmed, rejected, oversold, duplicates, lost,
                throughputPerSecond, p50Millis, p99Millis, maxMillis, drainSeconds, passed());
    }

    public String toText() {
        return String.format(java.util.Locale.ROOT, """
                        sale            %s (stock %d)
                        requests        %d
                        admitted (202)  %d
                        sold out (410)  %d
                        other answers   %s
                        confirmed       %d
                        rejected        %d
                        oversold        %d
                        duplicates      %d
                        lost            %d
                        throughput      %.1f requests/s
                        latency         p50 %.2f ms, p99 %.2f ms, max %.2f ms
                        queue drained   in %.2f s after the last request
                        verdict         %s""",
                saleId, stock, requests, admitted, soldOut, otherByStatus, confirmed, rejected, oversold, duplicates,
                lost, throughputPerSecond, p50Millis, p99Millis, maxMillis, drainSeconds,
                passed() ? "PASS" : "FAIL (oversold, duplicates or lost above zero)");
    }
}
