package dev.flashsale.core.simulation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The protocol's deterministic simulation, CI's bounded share: every world today's protocol survives, over a few
 * thousand seeds, with no invariant broken; and each open finding as the world and seed that break it (disabled
 * until the finding is fixed; each fails on today's code).
 */
class ProtocolSimulationTest {

    /** Seeds per survived world in CI (each run is milliseconds). */
    private static final int SEEDS_PER_WORLD = Integer.getInteger("sim.seedsPerWorld", 150);

    @Test
    void run_shouldRepeatTheSameSchedule_whenGivenTheSameSeed() {
        Shape shape = Worlds.named("busy");
        Simulation.Run first = Simulation.run(shape, 42);
        Simulation.Run second = Simulation.run(shape, 42);
        assertEquals(first.steps(), second.steps());
        assertArrayEquals(first.choices(), second.choices());
    }

    @Test
    void replay_shouldRepeatTheRun_whenGivenItsChoices() {
        Shape shape = Worlds.named("two-shards");
        Simulation.Run seeded = Simulation.run(shape, 7);
        Simulation.Run replayed = Simulation.replay(shape, seeded.choices());
        assertEquals(seeded.steps(), replayed.steps());
        assertArrayEquals(seeded.choices(), replayed.choices());
    }

    @Test
    void survivedWorlds_shouldBreakNoInvariant_overTheirSeeds() {
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (Map.Entry<String, Shape> world : Worlds.SURVIVED.entrySet()) {
            for (long seed = 1; seed <= SEEDS_PER_WORLD; seed++) {
                Simulation.Run run = Simulation.run(world.getValue(), seed);
                runs++;
                if (run.violation().isPresent() && failures.size() < 3) {
                    failures.add("world " + world.getKey() + "\n" + Simulation.shrink(run, 200).report());
                }
            }
        }
        System.out.printf("protocol simulation: %d schedules in %d ms%n", runs,
                (System.nanoTime() - started) / 1_000_000);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void shrink_shouldKeepTheInvariant_whenItShrinksAFailure() {
        // Any open finding's world gives a failure to shrink; once every finding is fixed there is none.
        Optional<Simulation.Run> failing = Optional.empty();
        for (Shape shape : Worlds.FINDINGS.values()) {
            failing = failing.isPresent() ? failing : firstFailing(shape, 100);
        }
        assumeTrue(failing.isPresent(), "no open finding's world fails any more: nothing to shrink");
        Simulation.Failure shrunk = Simulation.shrink(failing.get(), 100);
        assertEquals(failing.get().violation().orElseThrow().invariant(),
                shrunk.shrunk().violation().orElseThrow().invariant());
        assertTrue(shrunk.shrunk().steps() <= failing.get().steps() || shrunk.shrunk().choices().length
                <= failing.get().choices().length);
        Simulation.Run replayed = Simulation.replay(shrunk.shrunk().shape(), shrunk.shrunk().choices());
        assertEquals(shrunk.shrunk().violation(), replayed.violation());
    }

    private static Optional<Simulation.Run> firstFailing(Shape shape, int seeds) {
        for (long seed = 1; seed <= seeds; seed++) {
            Simulation.Run run = Simulation.run(shape, seed);
            if (run.violation().isPresent()) {
                return Optional.of(run);
            }
        }
        return Optional.empty();
    }

    private static void assertWorldHolds(String world, long... seeds) {
        for (long seed : seeds) {
            Simulation.Run run = Simulation.run(Worlds.named(world), seed);
            assertTrue(run.violation().isEmpty(), () -> "world " + world + "\n"
                    + Simulation.shrink(run, 300).report());
        }
    }

    /** Issue 20, N1: fixed by answering "retry the same request" (InDoubt), never a 202, for a TAKING intent. */
    @Test
    void findingN1_everyAdmittedOrderShouldEndSold_whenAdmissionInvocationsFail() {
        assertWorldHolds("N1-admission-faults", N1_SEEDS);
    }

    /** Issue 20, F4: fixed by returning orphans only on a sighting that stood still for a window (LedgerAudit). */
    @Test
    void findingF4_unitsShouldBeSoldOnce_whenIndexReadsLagPastTheSettle() {
        assertWorldHolds("F4-index-lag", F4_SEEDS);
    }

    @Test
    void findingF7_unitsShouldBeSoldOnce_whenAnOperatorReplacesTheLiveSale() {
        assertWorldHolds("F7-operator-replaces", F7_SEEDS);
    }

    @Test
    void findingF8_unitsShouldBeSoldOnce_whenTheSdkRetriesLandedWrites() {
        assertWorldHolds("F8-sdk-retries", F8_SEEDS);
    }

    /** Issue 20, F10: fixed by QUEUED (a send recorded) and the reconciler's re-send of a stale reservation. */
    @Test
    void findingF10_everyAdmittedOrderShouldEndSold_whenMessagesWaitLong() {
        assertWorldHolds("F10-long-queue-waits", F10_SEEDS);
    }

    /**
     * Issue 20, the late charge: a charge whose answer was lost lands at the provider after the expiry's refund;
     * fixed by the expiry's second refund past OrderExpiry.LATE_CHARGE (the order stays due until then).
     */
    @Test
    void findingLateCharge_nothingShouldStayChargedForAnExpiredOrder_whenAChargeLandsAfterItsRefund() {
        assertWorldHolds("late-charges", LATE_CHARGE_SEEDS);
    }

    // The seeds that break each finding's world on today's code (found by the soak; see each test); a fixed
    // finding's seeds stay as its regression test (they broke main before its fix).
    private static final long[] N1_SEEDS = {1, 73, 5015894}; // 5015894: the soak, a release half done (RELEASING)
    private static final long[] F4_SEEDS = {52, 146}; // broke main before the sightings (oversold)
    private static final long[] F7_SEEDS = {12, 17, 24};
    private static final long[] F8_SEEDS = {15, 62};
    private static final long[] F10_SEEDS = {11};
    private static final long[] LATE_CHARGE_SEEDS = {177, 233, 253}; // CHARGED_AND_GIVEN_BACK before the fix

}
