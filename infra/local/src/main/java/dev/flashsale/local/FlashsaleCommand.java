package dev.flashsale.local;

import dev.flashsale.local.cli.AdminCommands;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.cloud.AwsEmulator;
import dev.flashsale.local.cloud.LocalStack;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.simulate.Simulation;
import dev.flashsale.local.simulate.SimulationReport;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@code ./flashsale local|simulate ...}: the command-line entry point. */
public final class FlashsaleCommand {

    private static final String USAGE = """
            usage:
              flashsale local [--port 8080] [--host 127.0.0.1] [--demo-sale STOCK] [--backend dynamodb|redis]
                              [--data DIR] [--aws-endpoint URL [--stack-name flashsale-PORT]]
                  runs the whole stack; the page is at http://HOST:PORT/?sale=demo&user=YOU; with --data, tables
                  and the stock cache are kept in DIR across restarts (default: in memory)
                  with --aws-endpoint, DynamoDB, SQS and Secrets Manager are the AWS emulator at URL (LocalStack,
                  moto_server...): the template's resources are created there, or reused, named STACK-LogicalId
              flashsale localstack [local's options]
                  starts LocalStack in Docker (Testcontainers) and runs local --aws-endpoint against it
              flashsale simulate --buyers N --stock S [--bots B] [--concurrency 64] [--json] [--url URL]
                                 [--backend dynamodb|redis] [--protection on|off] [--min-answer-millis 1000]
                                 [--aws-endpoint URL [--stack-name flashsale-sim-ID]] (then --concurrency 8)
                                 [--faults LIST|all]
                  a flash sale over HTTP against a fresh local stack (or the stack at URL): N shoppers who solve
                  the challenge, B bots who do not; exit 1 if any unit was oversold, sold twice to one buyer or
                  lost, or a bot bought. --faults LIST (comma-separated, or all) injects faults into the local
                  stack: admission-crash, order-crash, duplicate-delivery, queue-send-failure, store-throttle,
                  store-pause, cache-loss (redis), consumer-outage, unpaid; the report adds what fired, the
                  repairs, and units unaccounted for or shoppers locked out, counted from the stores
            """ + AdminCommands.USAGE + """
              flashsale web export --out DIR
                  writes the page as published (content-hashed names) and manifest.tsv (name, type, cache)
              flashsale deploy [--config-env default|prod] [--check]
                  builds and checks the stack (SAM translator, cfn-lint, the account's concurrency quota); without
                  --check then sam deploy, the page to its bucket and a CloudFront invalidation (needs sam and aws)
              flashsale bench [--backend dynamodb|redis|both] [--quick] [--json FILE] [--plot FILE]
                  measures each backend's limits on a fresh local stack (see README: Performance)
            """;

    private FlashsaleCommand() {
    }

    public static void main(String[] args) throws Exception {
        // The servers' own chatter stays out of the runner's output; warnings still show.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            LocalSystem.console().print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        Map<String, String> flags;
        try {
            flags = flags(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        switch (args[0]) {
            case "local" -> System.exit(onEmulator(() -> local(flags)));
            case "simulate" -> System.exit(onEmulator(() -> simulate(flags)));
            case "localstack" -> System.exit(onEmulator(() -> LocalStack.runLocal(flags, FlashsaleCommand::local)));
            case "sale", "stock", "blacklist", "reconcile", "dlq" -> System.exit(new AdminCommands(
                    LocalSystem.console(), System.err, System.getenv())
                    .run(args[0], args.length > 1 && !args[1].startsWith("--") ? args[1] : null, flags));
            case "web" -> System.exit(web(args, flags));
            case "bench" -> System.exit(dev.flashsale.local.bench.BenchCommand.run(flags));
            default -> {
                System.err.println("unknown command " + args[0]);
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }

    /** A command that may run on an AWS emulator: a missing or incomplete emulator is one line, not a trace. */
    private static int onEmulator(java.util.concurrent.Callable<Integer> command) throws Exception {
        try {
            return command.call();
        } catch (AwsEmulator.Unavailable e) {
            System.err.println("flashsale: " + e.getMessage());
            return 1;
        }
    }

    /** The emulator named by --aws-endpoint (and --stack-name, else {@code defaultStack}); null without it. */
    private static AwsEmulator emulator(Map<String, String> flags, String defaultStack) {
        if (!flags.containsKey("aws-endpoint")) {
            if (flags.containsKey("stack-name")) {
                throw new AwsEmulator.Unavailable("--stack-name names resources on an emulator: give --aws-endpoint");
            }
            return null;
        }
        try {
            return AwsEmulator.of(flags.get("aws-endpoint"), flags.getOrDefault("stack-name", defaultStack));
        } catch (IllegalArgumentException e) {
            throw new AwsEmulator.Unavailable(e.getMessage());
        }
    }

    private static int local(Map<String, String> flags) throws Exception {
        allow(flags, "port", "host", "demo-sale", "backend", "aws-endpoint", "stack-name", "data");
        int port = integer(flags, "port", 8080);
        java.nio.file.Path data = flags.containsKey("data") ? java.nio.file.Path.of(flags.get("data")).toAbsolutePath() : null;
        AwsEmulator emulator = emulator(flags, "flashsale-" + port);
        if (emulator != null) {
            LocalSystem.console().println("AWS emulator " + emulator.endpoint() + ", resources named "
                    + emulator.physicalName("*"));
        }
        LocalSystem system;
        try {
            system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(),
                    flags.getOrDefault("host", "127.0.0.1"), port, overrides(flags), emulator, data));
        } catch (RuntimeException | java.io.IOException e) {
            if (e instanceof AwsEmulator.Unavailable) {
                throw e;
            }
            System.err.println("flashsale: the local stack could not start: " + causes(e));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!system.failure().isDone()) {
                LocalSystem.console().println("\nstopping...");
            }
            system.close();
        }));
        if (flags.containsKey("demo-sale")) {
            int stock = integer(flags, "demo-sale", 10);
            ExecutorService executor = Executors.newFixedThreadPool(2);
            ApiClient api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
            Instant now = Instant.now();
            ApiClient.Answer created = api.put("/api/admin/sales/demo", "{\"name\":\"Demo sneaker drop\","
                    + "\"description\":\"Limited run, one pair per shopper.\",\"priceCents\":8900,\"currency\":\"EUR\","
                    + "\"stock\":" + stock + ",\"startsAt\":\"" + now + "\",\"endsAt\":\"" + now.plus(Duration.ofDays(1))
                    + "\"}");
            executor.shutdown();
            if (created.status() >= 300) {
                System.err.println("could not create the demo sale: " + created.rawBody());
                return 1;
            }
            LocalSystem.console().println("demo sale created: " + stock + " units, open for 24 hours");
        }
        LocalSystem.console().println("flash sale running at " + system.baseUrl() + "/?sale=demo&user=shopper-1");
        LocalSystem.console().println("API: " + system.baseUrl() + "/api/sales/demo    (Ctrl-C stops everything)");
        LocalSystem.console().println("API Gateway endpoint without CloudFront: " + system.apiGatewayUrl()
                + " (shopper routes answer 403 DIRECT_ACCESS there, as in AWS)");
        LocalSystem.console().println("admin API: SigV4-signed requests only (service execute-api, region "
                + LocalCloud.REGION + "), access key " + LocalCloud.ACCESS_KEY_ID + ", secret "
                + LocalCloud.SECRET_ACCESS_KEY + ": export AWS_ACCESS_KEY_ID=" + LocalCloud.ACCESS_KEY_ID
                + " AWS_SECRET_ACCESS_KEY=" + LocalCloud.SECRET_ACCESS_KEY + ", then ./flashsale sale get --sale demo"
                + (flags.containsKey("port") ? " --url " + system.baseUrl() : ""));
        LocalSystem.console().println("function logs: " + LocalSystem.functionLog());
        if (data != null) {
            LocalSystem.console().println("data kept in " + data);
        }
        system.failure().join(); // Ctrl-C ends the JVM through the shutdown hook; this returns only on a failure
        return 1;
    }

    private static int simulate(Map<String, String> flags) throws Exception {
        allow(flags, "buyers", "stock", "bots", "concurrency", "json", "url", "backend", "sale", "protection",
                "min-answer-millis", "profile", "region", "aws-endpoint", "stack-name", "faults");
        AwsEmulator emulator = emulator(flags, "flashsale-sim-" + Long.toString(System.currentTimeMillis(), 36));
        if (emulator != null && flags.containsKey("url")) {
            throw new AwsEmulator.Unavailable("--aws-endpoint starts a stack on the emulator, --url targets a running "
                    + "stack: give one of them");
        }
        int buyers = integer(flags, "buyers", 1000);
        int stock = integer(flags, "stock", 100);
        int bots = integer(flags, "bots", 0);
        // An emulator is for behaviour, not load (moto: ~200 conditional writes/s): fewer shoppers at once, so its
        // latency stays under the functions' SDK timeouts.
        int concurrency = integer(flags, "concurrency", emulator == null ? 64 : 8);
        int minAnswer = integer(flags, "min-answer-millis", 1000);
        String protection = flags.getOrDefault("protection", "on");
        if (buyers < 1 || stock < 0 || bots < 0 || concurrency < 1 || minAnswer < 0
                || !(protection.equals("on") || protection.equals("off"))) {
            System.err.println("--buyers and --concurrency must be at least 1, --stock, --bots and "
                    + "--min-answer-millis at least 0, --protection on or off");
            return 2;
        }
        boolean json = flags.containsKey("json");
        String saleId = flags.getOrDefault("sale", "sim-" + Long.toString(System.currentTimeMillis(), 36));
        if (flags.containsKey("faults")) {
            return simulateWithFaults(flags, new Simulation.Settings(buyers, bots, stock, concurrency, saleId,
                    protection.equals("on"), minAnswer), json);
        }
        ExecutorService executor = Executors.newFixedThreadPool(16);
        LocalSystem system = null;
        // Whatever happens, the run ends with one line saying so (JSON with --json), never a stack trace.
        try {
            URI url;
            Simulation.Drain drain = null;
            SigV4Signer signer;
            if (flags.containsKey("url")) {
                url = URI.create(flags.get("url"));
                signer = SigV4Signer.fromDefaultChain(url, flags.get("profile"), flags.get("region"));
            } else {
                signer = SigV4Signer.forLocalStack();
                if (!json) {
                    System.err.println("starting the local stack...");
                }
                system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0,
                        overrides(flags), emulator));
                url = system.baseUrl();
                drain = system::awaitQueuesDrained;
            }
            boolean terminal = System.console() != null && !json;
            Simulation simulation = new Simulation(new ApiClient(url, executor, signer), drain, terminal ? System.err : null);
            SimulationReport report = simulation.run(new Simulation.Settings(buyers, bots, stock, concurrency, saleId,
                    protection.equals("on"), minAnswer));
            if (json) {
                LocalSystem.console().println(report.toJson());
            } else {
                LocalSystem.console().println(report.toText());
                if (system != null) {
                    system.usage().forEach((function, usage) -> LocalSystem.console().printf(
                            java.util.Locale.ROOT, "%-20s %d invocations, mean %.2f ms%n", function, usage.invocations(),
                            usage.meanMillis()));
                }
            }
            if (system != null && system.failure().isDone()) {
                return simulationFailed(json, "the local stack stopped: " + system.failure().join());
            }
            return report.passed() ? 0 : 1;
        } catch (SigV4Signer.MissingCredentials missing) {
            return simulationFailed(json, missing.getMessage());
        } catch (Exception failed) {
            String reason = system != null && system.failure().isDone()
                    ? "the local stack stopped: " + system.failure().join()
                    : causes(failed);
            return simulationFailed(json, reason);
        } finally {
            executor.shutdownNow();
            if (system != null) {
                system.close();
            }
        }
    }

    private static int simulateWithFaults(Map<String, String> flags, Simulation.Settings settings, boolean json)
            throws Exception {
        java.util.Set<dev.flashsale.local.faults.Fault> faults;
        try {
            if (flags.containsKey("url") || settings.bots() > 0) {
                throw new IllegalArgumentException("--faults needs the local stack (no --url) and no --bots");
            }
            faults = dev.flashsale.local.faults.Fault.parse(flags.get("faults"),
                    "redis".equals(flags.get("backend")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        dev.flashsale.local.faults.FaultReport report;
        try {
            report = dev.flashsale.local.faults.FaultSimulation.run(settings, overrides(flags), faults,
                    System.console() != null && !json ? System.err : null);
        } catch (Exception failed) {
            return simulationFailed(json, causes(failed));
        }
        LocalSystem.console().println(json ? report.toJson() : report.toText());
        return report.passed() ? 0 : 1;
    }

    /** An exception and its causes, one line, no stack trace. */
    static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            text.append(text.length() == 0 ? "" : "; caused by ").append(t.getClass().getSimpleName())
                    .append(t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return text.toString();
    }

    private static int simulationFailed(boolean json, String reason) {
        if (json) {
            LocalSystem.console().println("{\"passed\":false,\"error\":" + ApiClient.quote(reason) + "}");
        } else {
            LocalSystem.console().println("simulation FAILED: " + reason);
        }
        return 1;
    }

    private static Map<String, String> overrides(Map<String, String> flags) {
        Map<String, String> overrides = new HashMap<>();
        if (flags.containsKey("backend")) {
            String backend = flags.get("backend");
            if (!backend.equals("dynamodb") && !backend.equals("redis")) {
                throw new IllegalArgumentException("--backend must be dynamodb or redis");
            }
            overrides.put("StockBackend", backend);
        }
        return overrides;
    }

    /** Writes the published page and a manifest the deploy script uploads from: assets first, pages last. */
    private static int web(String[] args, Map<String, String> flags) throws java.io.IOException {
        allow(flags, "out");
        if (args.length < 2 || !args[1].equals("export") || !flags.containsKey("out")) {
            System.err.print(USAGE);
            return 2;
        }
        java.nio.file.Path out = java.nio.file.Path.of(flags.get("out"));
        dev.flashsale.local.gateway.WebBundle bundle =
                dev.flashsale.local.gateway.WebBundle.of(LocalSystem.projectRoot().resolve("web"));
        StringBuilder manifest = new StringBuilder();
        List<String> names = new ArrayList<>(bundle.names());
        names.sort(java.util.Comparator.comparing((String name) -> name.endsWith(".html")).thenComparing(name -> name));
        for (String name : names) {
            java.nio.file.Path file = out.resolve(name);
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, bundle.file(name));
            manifest.append(name).append('\t').append(dev.flashsale.local.gateway.StaticSite.contentType(name))
                    .append('\t').append(dev.flashsale.local.gateway.StaticSite.cacheControl(name)).append('\n');
        }
        java.nio.file.Files.writeString(out.resolve("manifest.tsv"), manifest);
        LocalSystem.console().println("wrote " + names.size() + " files (" + bundle.totalBytes() + " bytes) to " + out);
        return 0;
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        if ((AdminCommands.handles(args[0]) || args[0].equals("web")) && !rest.isEmpty()
                && !rest.get(0).startsWith("--")) {
            rest.remove(0); // the sub-command (stock sync, blacklist add...), read from args by its command
        }
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                flags.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
                flags.put(name, rest.get(++i));
            } else {
                flags.put(name, "true");
            }
        }
        return flags;
    }

    private static void allow(Map<String, String> flags, String... names) {
        List<String> allowed = List.of(names);
        for (String name : flags.keySet()) {
            if (!allowed.contains(name)) {
                System.err.println("unknown option --" + name);
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }

    private static int integer(Map<String, String> flags, String name, int absent) {
        String value = flags.get(name);
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println("--" + name + " needs a whole number, not " + value);
            System.exit(2);
            return absent;
        }
    }
}
