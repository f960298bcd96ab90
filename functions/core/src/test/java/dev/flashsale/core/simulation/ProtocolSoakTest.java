package dev.flashsale.core.simulation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The soak, run by {@code ./mvnw -pl functions/core -am test -Psoak -Dsoak.schedules=1000000 [-Dsoak.seed=S]
 * [-Dsoak.worlds=survived|findings|all|name,...]}; skipped without {@code soak.schedules}.
 */
class ProtocolSoakTest {

    @Test
    void soak_shouldBreakNoInvariant_whenRunOverTheSurvivedWorlds() {
        String schedules = System.getProperty("soak.schedules");
        assumeTrue(schedules != null && !schedules.isBlank(), "no soak.schedules: the soak runs only with -Psoak");
        Soak.Result result = Soak.run(Long.parseLong(schedules), Long.getLong("soak.seed", 1),
                System.getProperty("soak.worlds", "survived"), System.out::println);
        assertTrue(result.violations().isEmpty(), "violations: " + result.violations() + "\n"
                + String.join("\n", result.reports()));
    }
}
