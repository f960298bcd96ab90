package dev.flashsale.local.capacity;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cli.Flags;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityCommandTest {

    private record Run(int exit, String out) {
    }

    private static Run capacity(String... args) throws Exception {
        String[] line = new String[args.length + 1];
        line[0] = "capacity";
        System.arraycopy(args, 0, line, 1, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CapacityCommand.run(Flags.parse(line, false), LocalSystem.projectRoot(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void run_shouldPrintEveryBottleneckAndNameTheLowest_forTheDefaultAndTheProdParameters() throws Exception {
        for (String environment : List.of("default", "prod")) {
            Run run = capacity("--config-env", environment);

            assertEquals(0, run.exit(), run.out());
            for (String bottleneck : List.of("API stage throttle", "purchase route throttle", "admission function",
                    "pendingBySale", "order drain")) {
                assertTrue(run.out().contains(bottleneck), environment + ": " + run.out());
            }
            assertTrue(run.out().lines().anyMatch(line -> line.startsWith("ceiling: ")), run.out());
        }
    }

    @Test
    void run_shouldReadTheEnvironmentsOverrides_whenProdRaisesTheStageThrottle() throws Exception {
        Run defaults = capacity("--config-env", "default", "--challenge", "off");
        Run prod = capacity("--config-env", "prod", "--challenge", "off");

        assertTrue(stageLine(defaults).contains("ApiRateLimit 5,000"), stageLine(defaults));
        assertTrue(stageLine(prod).contains("ApiRateLimit 10,000"), "samconfig's prod sets 10000: " + stageLine(prod));
    }

    /** Issue 22, item 5: the cache's rate in the first seconds is the pre-scaled minimum, not what it scales to. */
    @Test
    void run_shouldCountThePreScaledCacheRate_whenProdSetsAMinimum_andAnEmptyCachesOtherwise() throws Exception {
        Run defaults = capacity("--config-env", "default", "--backend", "redis");
        Run prod = capacity("--config-env", "prod", "--backend", "redis");

        assertTrue(defaults.out().contains("stock cache at the opening: 30,000 ECPU/s, an empty serverless cache's"),
                defaults.out());
        assertTrue(prod.out().contains("stock cache at the opening: 100,000 ECPU/s ready (CacheMinimumEcpuPerSecond"),
                "samconfig's prod pre-scales to 100000: " + prod.out());
        assertFalse(capacity("--config-env", "prod", "--backend", "dynamodb").out().contains("stock cache"),
                "no cache on the DynamoDB backend");
    }

    @Test
    void run_shouldRefuseAsAUsageError_whenAFlagIsWrong() {
        assertThrows(Flags.Invalid.class, () -> capacity("--shards", "0"));
        assertThrows(Flags.Invalid.class, () -> capacity("--challenge", "maybe"));
        assertThrows(Flags.Invalid.class, () -> capacity("--purchase-ms", "-3"));
        assertThrows(Flags.Invalid.class, () -> capacity("--colour", "red"));
    }

    @Test
    void deployParameters_shouldBeTheEnvironmentsOverridesOnly_whenParsed() {
        Map<String, String> prod = DeployParameters.parse(List.of("[default.deploy.parameters]",
                "parameter_overrides = \"Stage=live ApiRateLimit=5000\"", "[prod.deploy.parameters]", "region = \"x\"",
                "parameter_overrides = \"Stage=live ApiRateLimit=10000 OrderReservedConcurrency=10\""), "prod");

        assertEquals(Map.of("Stage", "live", "ApiRateLimit", "10000", "OrderReservedConcurrency", "10"), prod);
        assertThrows(IllegalArgumentException.class, () -> DeployParameters.parse(List.of("[a.deploy.parameters]"), "b"));
    }

    private static String stageLine(Run run) {
        return run.out().lines().filter(line -> line.startsWith("API stage throttle")).findFirst().orElseThrow();
    }
}
