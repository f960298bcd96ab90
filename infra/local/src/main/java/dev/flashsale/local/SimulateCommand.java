package dev.flashsale.local;

import dev.flashsale.local.cli.Flags;
import dev.flashsale.local.cli.JsonBody;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.cloud.AwsEmulator;
import dev.flashsale.local.faults.Fault;
import dev.flashsale.local.faults.FaultReport;
import dev.flashsale.local.faults.FaultSimulation;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.simulate.Simulation;
import dev.flashsale.local.simulate.SimulationReport;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ./flashsale simulate}: a flash sale over HTTP against a fresh local stack (or {@code --url}), with faults
 * when asked. Whatever happens, the run ends with one line saying so (JSON with {@code --json}), never a trace.
 */
final class SimulateCommand {

    private SimulateCommand() {
    }

    static int run(Flags flags) throws Exception {
        flags.allow("buyers", "stock", "bots", "concurrency", "json", "url", "backend", "sale", "protection",
                "min-answer-millis", "jitter-millis", "profile", "region", "aws-endpoint", "stack-name", "faults");
        AwsEmulator emulator = StackOptions.emulator(flags, "flashsale-sim-" + Long.toString(System.currentTimeMillis(), 36));
        if (emulator != null && flags.has("url")) {
            throw new AwsEmulator.Unavailable("--aws-endpoint starts a stack on the emulator, --url targets a running "
                    + "stack: give one of them");
        }
        int buyers = flags.integer("buyers", 1000);
        int stock = flags.integer("stock", 100);
        int bots = flags.integer("bots", 0);
        // An emulator is for behaviour, not load (moto: ~200 conditional writes/s): fewer shoppers at once, so its
        // latency stays under the functions' SDK timeouts.
        int concurrency = flags.integer("concurrency", emulator == null ? 64 : 8);
        int minAnswer = flags.integer("min-answer-millis", 1000);
        int jitter = flags.integer("jitter-millis", 0);
        String protection = flags.get("protection", "on");
        Map<String, String> overrides = StackOptions.overrides(flags);
        if (buyers < 1 || stock < 0 || bots < 0 || concurrency < 1 || minAnswer < 0 || jitter < 0 || jitter > 60_000
                || !(protection.equals("on") || protection.equals("off"))) {
            System.err.println("--buyers and --concurrency must be at least 1, --stock, --bots and "
                    + "--min-answer-millis at least 0, --jitter-millis 0..60000, --protection on or off");
            return 2;
        }
        boolean json = flags.has("json");
        String saleId = flags.get("sale", "sim-" + Long.toString(System.currentTimeMillis(), 36));
        Simulation.Settings settings = new Simulation.Settings(buyers, bots, stock, concurrency, saleId,
                protection.equals("on"), minAnswer, jitter);
        if (flags.has("faults")) {
            return withFaults(flags, settings, overrides, json);
        }
        return plain(flags, settings, overrides, emulator, json);
    }

    private static int plain(Flags flags, Simulation.Settings settings, Map<String, String> overrides,
                             AwsEmulator emulator, boolean json) {
        ExecutorService executor = Executors.newFixedThreadPool(16);
        LocalSystem system = null;
        try {
            URI url;
            Simulation.Drain drain = null;
            SigV4Signer signer;
            if (flags.has("url")) {
                url = URI.create(flags.get("url"));
                signer = SigV4Signer.fromDefaultChain(url, flags.get("profile"), flags.get("region"));
            } else {
                signer = SigV4Signer.forLocalStack();
                if (!json) {
                    System.err.println("starting the local stack...");
                }
                system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0,
                        overrides, emulator));
                url = system.baseUrl();
                drain = system::awaitQueuesDrained;
            }
            boolean terminal = System.console() != null && !json;
            Simulation simulation = new Simulation(new ApiClient(url, executor, signer), drain, terminal ? System.err : null);
            SimulationReport report = simulation.run(settings);
            if (json) {
                LocalSystem.console().println(report.toJson());
            } else {
                LocalSystem.console().println(report.toText());
                if (system != null) {
                    system.usage().forEach((function, usage) -> LocalSystem.console().printf(Locale.ROOT,
                            "%-20s %d invocations, mean %.2f ms%n", function, usage.invocations(), usage.meanMillis()));
                }
            }
            if (system != null && system.failure().isDone()) {
                return failed(json, "the local stack stopped: " + system.failure().join());
            }
            return report.passed() ? 0 : 1;
        } catch (SigV4Signer.MissingCredentials missing) {
            return failed(json, missing.getMessage());
        } catch (Exception failure) {
            String reason = system != null && system.failure().isDone()
                    ? "the local stack stopped: " + system.failure().join()
                    : StackOptions.causes(failure);
            return failed(json, reason);
        } finally {
            executor.shutdownNow();
            if (system != null) {
                system.close();
            }
        }
    }

    private static int withFaults(Flags flags, Simulation.Settings settings, Map<String, String> overrides,
                                  boolean json) {
        Set<Fault> faults;
        try {
            if (flags.has("url") || settings.bots() > 0) {
                throw new IllegalArgumentException("--faults needs the local stack (no --url) and no --bots");
            }
            faults = Fault.parse(flags.get("faults"), "redis".equals(flags.get("backend")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        FaultReport report;
        try {
            report = FaultSimulation.run(settings, overrides, faults, System.console() != null && !json ? System.err : null);
        } catch (Exception failure) {
            return failed(json, StackOptions.causes(failure));
        }
        LocalSystem.console().println(json ? report.toJson() : report.toText());
        return report.passed() ? 0 : 1;
    }

    /** The run's last line when it could not finish: {@code {"passed":false,"error":...}} with --json. */
    private static int failed(boolean json, String reason) {
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("passed", false);
            line.put("error", reason);
            LocalSystem.console().println(JsonBody.of(line));
        } else {
            LocalSystem.console().println("simulation FAILED: " + reason);
        }
        return 1;
    }
}
