package dev.flashsale.tests.faults;

import dev.flashsale.local.faults.Fault;
import dev.flashsale.local.faults.FaultReport;
import dev.flashsale.local.faults.FaultSimulation;
import dev.flashsale.local.faults.ReconcileAge;
import dev.flashsale.local.simulate.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each fault, alone, on one backend ({@link FaultInjectionDynamoDbIT}, {@link FaultInjectionRedisIT}: two classes, so
 * the suite's two forks run them side by side), during a small sale on a fresh local stack: after the sale, the drained
 * queue and the reconciler's passes, the stores themselves (table scans, the cache's keys) must show every unit
 * sold once to a distinct shopper, none unaccounted for, nobody counted as a buyer without an order, and a last
 * reconciler pass that finds nothing left to repair. Run as a group with {@code -Dgroups=faults}.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the fault list depends on the backend
abstract class FaultInjectionIT {

    private static final int BUYERS = 200;
    private static final int STOCK = 20;

    private final String backend;

    FaultInjectionIT(String backend) {
        this.backend = backend;
    }

    /** Every fault the backend has: the cache exists on the Redis backend only. */
    List<Fault> faults() {
        List<Fault> faults = new ArrayList<>(List.of(Fault.values()));
        if (!backend.equals("redis")) {
            faults.remove(Fault.CACHE_LOSS);
        }
        return faults;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void sale_shouldSellEveryUnitOnceAndLoseNothing_whenTheFaultStrikes(Fault fault) throws Exception {
        // given: 200 shoppers for 20 units, with the challenge on, and one fault injected into the stack
        Simulation.Settings sale = new Simulation.Settings(BUYERS, 0, STOCK, 32,
                "faults-" + fault.label() + "-" + backend, true, 100);

        // when: the sale runs, the queue drains and the reconciler passes
        FaultReport report = FaultSimulation.run(sale, Map.of("StockBackend", backend), Set.of(fault), null);

        // then: the fault fired, and the stores account for every unit and every buyer
        assertSoldOnceAndNothingLost(report, fault);
    }

    @org.junit.jupiter.api.Test
    void sale_shouldGiveEachUnpaidUnitBackOnce_whenTheReconcilerWaitsLongerThanThePaymentWindow() throws Exception {
        // given: the same sale, with unpaid orders (a 1-minute window) and the reconciler's real age (the template's
        // ReconcileAfterMinutes, 20): the order of an expired unit is still there, unpaid, when the age comes
        Simulation.Settings sale = new Simulation.Settings(BUYERS, 0, STOCK, 32,
                "faults-unpaid-real-age-" + backend, true, 100);

        // when: the sale runs, the unpaid orders expire and their units sell again, and a day later the
        // reconciler passes over every record of the sale
        FaultReport report = FaultSimulation.run(sale, Map.of("StockBackend", backend), Set.of(Fault.UNPAID),
                ReconcileAge.THE_TEMPLATES, null);

        // then: each expired unit came back once: sold once more, never twice
        assertSoldOnceAndNothingLost(report, Fault.UNPAID);
        assertEquals(0, report.stores().remaining(), "units back on sale a second time: " + report.toJson());
    }

    private static void assertSoldOnceAndNothingLost(FaultReport report, Fault fault) {
        String outcome = report.toJson();
        assertTrue(report.faults().getOrDefault(fault.label(), 0L) > 0, "the fault never fired: " + outcome);
        assertEquals(report.expectedSold(), report.stores().sold(), "units sold: " + outcome);
        assertEquals(0, report.stores().unaccounted(), "units unaccounted for: " + outcome);
        assertEquals(0, report.stores().lockedOut(), "shoppers locked out: " + outcome);
        assertEquals(0, report.stores().cacheDrift(), "the cache's units: " + outcome);
        assertEquals(0, report.sale().oversold(), "oversold: " + outcome);
        assertEquals(0, report.sale().duplicates(), "duplicate buyers: " + outcome);
        assertEquals(0, report.sale().lost(), "admitted orders lost: " + outcome);
        assertEquals(0, report.repairsOnLastPass(), "a second reconciler pass still repaired: " + outcome);
        assertEquals(0, report.internalErrors(), "shoppers answered 500 (a failed store is a 503): " + outcome);
        assertTrue(report.passed(), outcome);
    }
}
