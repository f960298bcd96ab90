package dev.flashsale.local.bench;

import java.time.Duration;

/** How big each scenario is: {@code --quick} (under five minutes for both backends) or the full run. */
record BenchPlan(boolean quick, Duration warmUp, Duration stormRound, int flatRounds, Duration flatRound,
                 int spikeBuyers, int spikeStock, double spikeArrivalsPerSecond, int drainOrders,
                 Duration componentRun, int soldOutCalls, int purchaseCalls, int adminCalls, int reconcilerCalls,
                 int coldStartProcesses, int connections) {

    static BenchPlan of(boolean quick) {
        return quick
                ? new BenchPlan(true, Duration.ofSeconds(2), Duration.ofSeconds(5), 2, Duration.ofSeconds(5),
                2_000, 100, 1_000, 1_000, Duration.ofSeconds(3), 2_000, 300, 100, 3, 1, 32)
                : new BenchPlan(false, Duration.ofSeconds(5), Duration.ofSeconds(15), 5, Duration.ofSeconds(60),
                50_000, 1_000, 5_000, 10_000, Duration.ofSeconds(10), 20_000, 3_000, 1_000, 10, 5, 32);
    }
}
