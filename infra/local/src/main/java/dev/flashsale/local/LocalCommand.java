package dev.flashsale.local;

import dev.flashsale.local.cli.Flags;
import dev.flashsale.local.cli.JsonBody;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.cloud.AwsEmulator;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.simulate.ApiClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@code ./flashsale local}: the whole stack on this machine until Ctrl-C, with a demo sale when asked. */
final class LocalCommand {

    private LocalCommand() {
    }

    /** Runs until the stack fails (status 1); Ctrl-C ends the JVM through the shutdown hook instead. */
    static int run(Flags flags) throws Exception {
        flags.allow("port", "host", "demo-sale", "backend", "aws-endpoint", "stack-name", "data");
        int port = flags.integer("port", 8080);
        int demoStock = flags.integer("demo-sale", 10);
        Map<String, String> overrides = StackOptions.overrides(flags);
        Path data = flags.has("data") ? Path.of(flags.get("data")).toAbsolutePath() : null;
        AwsEmulator emulator = StackOptions.emulator(flags, "flashsale-" + port);
        if (emulator != null) {
            LocalSystem.console().println("AWS emulator " + emulator.endpoint() + ", resources named "
                    + emulator.physicalName("*"));
        }
        LocalSystem system;
        try {
            system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(),
                    flags.get("host", "127.0.0.1"), port, overrides, emulator, data));
        } catch (RuntimeException | IOException e) {
            if (e instanceof AwsEmulator.Unavailable) {
                throw e;
            }
            System.err.println("flashsale: the local stack could not start: " + StackOptions.causes(e));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!system.failure().isDone()) {
                LocalSystem.console().println("\nstopping...");
            }
            system.close();
        }));
        if (flags.has("demo-sale") && !createDemoSale(system, demoStock)) {
            return 1;
        }
        printWhereItRuns(system, flags.has("port"), data);
        system.failure().join(); // Ctrl-C ends the JVM through the shutdown hook; this returns only on a failure
        return 1;
    }

    private static boolean createDemoSale(LocalSystem system, int stock) {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            ApiClient api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
            ApiClient.Answer created = api.put("/api/admin/sales/demo", JsonBody.of(demoSale(stock, Instant.now())));
            if (created.status() >= 300) {
                System.err.println("could not create the demo sale: " + created.rawBody());
                return false;
            }
        } finally {
            executor.shutdown();
        }
        LocalSystem.console().println("demo sale created: " + stock + " units, open for 24 hours");
        return true;
    }

    /** The demo sale's definition: open from {@code now} for a day. */
    static Map<String, Object> demoSale(int stock, Instant now) {
        Map<String, Object> sale = new LinkedHashMap<>();
        sale.put("name", "Demo sneaker drop");
        sale.put("description", "Limited run, one pair per shopper.");
        sale.put("priceCents", 8900);
        sale.put("currency", "EUR");
        sale.put("stock", stock);
        sale.put("startsAt", now.toString());
        sale.put("endsAt", now.plus(Duration.ofDays(1)).toString());
        return sale;
    }

    private static void printWhereItRuns(LocalSystem system, boolean portGiven, Path data) {
        LocalSystem.console().println("flash sale running at " + system.baseUrl() + "/?sale=demo&user=shopper-1");
        LocalSystem.console().println("API: " + system.baseUrl() + "/api/sales/demo    (Ctrl-C stops everything)");
        LocalSystem.console().println("API Gateway endpoint without CloudFront: " + system.apiGatewayUrl()
                + " (shopper routes answer 403 Forbidden there: no CloudFront API key, as in AWS)");
        LocalSystem.console().println("admin API: SigV4-signed requests only (service execute-api, region "
                + LocalCloud.REGION + "), access key " + LocalCloud.ACCESS_KEY_ID + ", secret "
                + LocalCloud.SECRET_ACCESS_KEY + ": export AWS_ACCESS_KEY_ID=" + LocalCloud.ACCESS_KEY_ID
                + " AWS_SECRET_ACCESS_KEY=" + LocalCloud.SECRET_ACCESS_KEY + ", then ./flashsale sale get --sale demo"
                + (portGiven ? " --url " + system.baseUrl() : ""));
        LocalSystem.console().println("function logs: " + LocalSystem.functionLog());
        String bus = system.cloud().eventBus().endpoint();
        try {
            java.nio.file.Files.writeString(dev.flashsale.local.cli.EventsTail.BUS_FILE, bus);
        } catch (java.io.IOException cannotWrite) {
            LocalSystem.console().println("(could not note the bus in " + dev.flashsale.local.cli.EventsTail.BUS_FILE
                    + ": pass --bus to events tail)");
        }
        LocalSystem.console().println("order events: ./flashsale events tail [--sale ID]    (the local bus at " + bus
                + "; the template's rules send them to OrderEventsQueue)");
        if (data != null) {
            LocalSystem.console().println("data kept in " + data);
        }
    }
}
