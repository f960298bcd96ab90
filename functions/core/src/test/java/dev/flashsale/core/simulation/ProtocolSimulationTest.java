package dev.flashsale.core.simulation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolSimulationTest {

    @Test
    void sameSeed_shouldRunTheSameSchedule_whenRunTwice() {
        Shape shape = Shape.clean().withShoppers(5, 2, 2);
        Simulation.Run first = Simulation.run(shape, 42);
        Simulation.Run second = Simulation.run(shape, 42);
        assertEquals(first.steps(), second.steps());
        assertTrue(java.util.Arrays.equals(first.choices(), second.choices()));
    }

    @Test
    void explore_smoke() {
        Shape shape = Shape.clean();
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= 300; seed++) {
            Simulation.Run run = Simulation.run(shape, seed);
            run.violation().ifPresent(v -> failures.add(v.toString()));
        }
        System.out.println("300 runs in " + (System.nanoTime() - started) / 1_000_000 + " ms; failures " + failures.size());
        failures.stream().limit(20).forEach(System.out::println);
    }
}
