package dev.flashsale.local.capacity;

import dev.flashsale.local.cli.Flags;
import dev.flashsale.local.template.StackTemplate;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./flashsale capacity [--config-env default|prod] [--backend dynamodb|redis] [--shards N] [--challenge on|off]
 * [--payment-window on|off] [--purchase-ms MS] [--order-ms MS]}: the purchases per second each bottleneck allows for
 * the template's parameters as that samconfig environment deploys them, lowest first, and the quota to raise for
 * the lowest. Reads files only: no stack, no AWS account.
 */
public final class CapacityCommand {

    static final String USAGE = "usage: flashsale capacity [--config-env default|prod] [--backend dynamodb|redis]"
            + " [--shards N] [--challenge on|off] [--payment-window on|off] [--purchase-ms MS] [--order-ms MS]";

    /**
     * Mean in-handler durations measured by {@code ./flashsale bench} on the project's 2-core machine against the
     * local stores (docs/performance.md: Measured here); a deployed stack's differ: pass its own with the flags.
     */
    static final Map<String, double[]> MEASURED_MILLIS = Map.of(
            "dynamodb", new double[]{22.7, 20.5},
            "redis", new double[]{4.59, 30.8});

    private CapacityCommand() {
    }

    public static int run(Flags flags, Path projectRoot, PrintStream out, PrintStream err) throws Exception {
        flags.allow("config-env", "backend", "shards", "challenge", "payment-window", "purchase-ms", "order-ms", "help");
        if (flags.has("help")) {
            out.println(USAGE);
            return 0;
        }
        String environment = flags.get("config-env", "default");
        Map<String, String> overrides = DeployParameters.of(projectRoot.resolve("samconfig.toml"), environment);
        StackTemplate template = StackTemplate.read(projectRoot.resolve("template.yaml"), overrides);
        String backend = flags.get("backend", template.parameter("StockBackend"));
        double[] measured = MEASURED_MILLIS.get(backend);
        if (measured == null) {
            err.println("flashsale: --backend must be dynamodb or redis\n" + USAGE);
            return 2;
        }
        int shards = flags.integer("shards", 8);
        if (shards < 1 || shards > 100) {
            throw new Flags.Invalid("--shards must be 1 to 100");
        }
        SaleShape sale = new SaleShape(backend, shards, onOff(flags, "challenge",
                !"off".equals(template.parameter("DefaultChallenge"))), onOff(flags, "payment-window", true),
                decimal(flags, "purchase-ms", measured[0]), decimal(flags, "order-ms", measured[1]),
                indexShards(template));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : List.of("ApiRateLimit", "PurchaseRateLimit", "AdmissionReservedConcurrency",
                "OrderReservedConcurrency")) {
            parameters.put(name, template.parameter(name));
        }
        List<Ceiling> ceilings = CapacityModel.ceilings(parameters, sale);
        out.printf(Locale.ROOT, "flashsale capacity: samconfig environment %s, backend %s, %d shards, %d index"
                        + " shards, challenge %s, payment window %s; mean purchase %s ms, order message %s ms%s%n",
                environment, backend, sale.shards(), sale.indexShards(), sale.challenge() ? "on" : "off", sale.paymentWindow() ? "on" : "off",
                sale.purchaseMillis(), sale.orderMessageMillis(),
                flags.has("purchase-ms") ? "" : " (this machine's bench: pass --purchase-ms/--order-ms for a deployed stack's)");
        out.print(table(ceilings));
        Ceiling lowest = CapacityModel.opening(ceilings);
        out.printf(Locale.ROOT, "ceiling: %s purchases/s at the opening, set by the %s; to raise it: %s%n",
                CapacityModel.whole(lowest.purchasesPerSecond()), lowest.bottleneck(), lowest.raise());
        ceilings.stream().filter(Ceiling::sustained).findFirst().ifPresent(sustained -> out.printf(Locale.ROOT,
                "sustained: %s orders/s confirmed, set by the %s (the queue holds what admission takes faster); to"
                        + " raise it: %s%n", CapacityModel.whole(sustained.purchasesPerSecond()),
                sustained.bottleneck(), sustained.raise()));
        if (sale.redis()) {
            out.println(cacheAtOpening(template.parameter("CacheMinimumEcpuPerSecond")));
            out.println("not modelled: ElastiCache Serverless's ECPU rate for the sale's one hash slot (every key of a"
                    + " sale shares it); its Lua purchase is one call per attempt");
        }
        return 0;
    }

    /** An empty serverless cache's rate (AWS's "Scaling ElastiCache" page); it doubles from there in minutes. */
    static final long EMPTY_CACHE_ECPU_PER_SECOND = 30_000;

    /**
     * The stock cache's rate ready at the opening's first second: its pre-scaled minimum, else an empty cache's.
     * Serverless scaling follows demand (Valkey 8 doubles every 2-3 minutes): too late for a one-second jump.
     */
    static String cacheAtOpening(String minimum) {
        long preScaled = minimum == null ? 0 : Long.parseLong(minimum);
        return preScaled > EMPTY_CACHE_ECPU_PER_SECOND
                ? String.format(Locale.ROOT, "stock cache at the opening: %,d ECPU/s ready (CacheMinimumEcpuPerSecond;"
                + " deploy it an hour ahead, AWS takes up to one to apply it)", preScaled)
                : String.format(Locale.ROOT, "stock cache at the opening: %,d ECPU/s, an empty serverless cache's,"
                + " doubling every few minutes; to pre-scale: CacheMinimumEcpuPerSecond", EMPTY_CACHE_ECPU_PER_SECOND);
    }

    static String table(List<Ceiling> ceilings) {
        int name = "bottleneck".length();
        for (Ceiling c : ceilings) {
            name = Math.max(name, c.bottleneck().length());
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-" + name + "s  %14s  %s%n",
                "bottleneck", "purchases/s", "from"));
        for (Ceiling c : ceilings) {
            text.append(String.format(Locale.ROOT, "%-" + name + "s  %14s  %s%n", c.bottleneck(),
                    CapacityModel.whole(c.purchasesPerSecond()), c.how()));
        }
        return text.toString();
    }

    /** The index shard count the template gives the functions (its Globals), 1 where it gives none. */
    static int indexShards(StackTemplate template) {
        StackTemplate.PhysicalIds ids = StackTemplate.physicalIds(id -> id, (id, attribute) -> id + "." + attribute);
        return template.functions(ids).stream().map(f -> f.environment().get("FLASHSALE_INDEX_SHARDS"))
                .filter(java.util.Objects::nonNull).findFirst().map(Integer::parseInt).orElse(1);
    }

    private static boolean onOff(Flags flags, String name, boolean absent) {
        String value = flags.get(name, absent ? "on" : "off");
        if (!value.equals("on") && !value.equals("off")) {
            throw new Flags.Invalid("--" + name + " must be on or off");
        }
        return value.equals("on");
    }

    private static double decimal(Flags flags, String name, double absent) {
        if (!flags.has(name)) {
            return absent;
        }
        try {
            double value = Double.parseDouble(flags.get(name));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // the message below
        }
        throw new Flags.Invalid("--" + name + " must be a positive number of milliseconds");
    }
}
