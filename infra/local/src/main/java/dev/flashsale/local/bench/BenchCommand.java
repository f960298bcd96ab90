package dev.flashsale.local.bench;

import dev.flashsale.local.cli.SigV4Signer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.template.StackTemplate;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ./flashsale bench [--backend dynamodb|redis|both] [--quick] [--json FILE] [--plot FILE]}: one fresh local
 * stack per backend, each scenario after a warm-up, and one table in which every figure stands beside the
 * limit that bounds it, measured in the same run.
 */
public final class BenchCommand {

    /** Throttles raised on the bench's stacks, so the gateway's token buckets never hide the function's limit. */
    static final Map<String, String> UNTHROTTLED = Map.of("ApiRateLimit", "1000000", "ApiBurstLimit", "1000000",
            "PurchaseRateLimit", "1000000", "PurchaseBurstLimit", "1000000");
    /**
     * No challenge and no rate limits (0 = none): all the load comes from one host, whose address a rate limit would
     * soon block as a bot; the figures are the admission's own, without the rate limiter's writes.
     */
    /** A purchase body: who buys is the token's (or the claims') shopper. */
    private static final String PURCHASE = "{\"quantity\":1}";
    static final String OPEN_PROTECTION = "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}";

    private final BenchPlan plan;
    private final PrintStream out;
    private final HttpLoad load = HttpLoad.best();
    private final BenchTable table = new BenchTable();
    private final Map<String, List<OpeningSpike.Slice>> timelines = new LinkedHashMap<>();
    private final Map<String, double[]> durations = new LinkedHashMap<>();
    private final StackTemplate defaults;

    private BenchCommand(BenchPlan plan, PrintStream out) throws Exception {
        this.plan = plan;
        this.out = out;
        this.defaults = StackTemplate.read(LocalSystem.projectRoot().resolve("template.yaml"), Map.of());
    }

    public static int run(Map<String, String> flags) throws Exception {
        for (String name : flags.keySet()) {
            if (!List.of("backend", "quick", "json", "plot").contains(name)) {
                System.err.println("unknown option --" + name + "\nusage: flashsale bench [--backend dynamodb|redis|both]"
                        + " [--quick] [--json FILE] [--plot FILE]");
                return 2;
            }
        }
        String backend = flags.getOrDefault("backend", "both");
        List<String> backends = switch (backend) {
            case "both" -> List.of("dynamodb", "redis");
            case "dynamodb", "redis" -> List.of(backend);
            default -> null;
        };
        if (backends == null || "true".equals(flags.get("json")) || "true".equals(flags.get("plot"))) {
            System.err.println("--backend must be dynamodb, redis or both; --json and --plot need a file name");
            return 2;
        }
        BenchCommand bench = new BenchCommand(BenchPlan.of(flags.containsKey("quick")), LocalSystem.console());
        long started = System.nanoTime();
        bench.out.println("flashsale bench: " + (bench.plan.quick() ? "quick" : "full") + " run, backends "
                + backends + ", load generator " + bench.load.name() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores (shared by everything below: the load, the gateway, the functions and the servers)");
        for (int i = 0; i < backends.size(); i++) {
            bench.backend(backends.get(i), i == 0 || !bench.plan.quick());
        }
        List<CostModel.Line> cost = bench.cost();
        bench.out.println();
        bench.out.print(bench.table.toText());
        bench.out.println();
        bench.out.println("Cost of a sale of 1,000,000 requests and 10,000 orders, from the measured durations ("
                + bench.costSource() + "):");
        bench.out.print(CostModel.toText(cost));
        bench.out.printf(Locale.ROOT, "%nbench finished in %.0f s%n", (System.nanoTime() - started) / 1e9);
        if (flags.containsKey("json")) {
            Files.writeString(Path.of(flags.get("json")), bench.json(cost));
        }
        if (flags.containsKey("plot")) {
            Files.writeString(Path.of(flags.get("plot")), SpikePlot.html("flashsale bench: the opening spike",
                    bench.timelines, bench.plotNote()));
        }
        return 0;
    }

    private void backend(String backend, boolean coldStarts) throws Exception {
        out.println("\n== " + backend + ": starting a fresh local stack");
        Map<String, String> overrides = new LinkedHashMap<>(UNTHROTTLED);
        overrides.put("StockBackend", backend);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (LocalSystem system = start(overrides)) {
            ApiClient api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
            String run = Long.toString(System.currentTimeMillis(), 36);
            scenario(backend, "storm", () -> storm(backend, system, api, "so-" + run));
            double[] slowest = {0};
            scenario(backend, "components", () -> slowest[0] = components(backend, system, api, run));
            scenario(backend, "spike", () -> spike(backend, system, api, "spike-" + run, slowest[0]));
            scenario(backend, "in-handler", () -> handlers(backend, system, api, run));
            scenario(backend, "drain", () -> drain(backend, system, api, "drain-" + run));
            if (coldStarts) {
                scenario(backend, "cold start", () -> coldStarts(backend, system, "spike-" + run));
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private interface Scenario {
        void run() throws Exception;
    }

    /** A scenario that fails (a timeout on a starved machine) is reported in the table; the others still run. */
    private void scenario(String backend, String name, Scenario scenario) {
        try {
            scenario.run();
        } catch (Exception | Error failed) {
            String reason = failed.getClass().getSimpleName() + ": " + failed.getMessage();
            out.println("  " + name + " FAILED: " + reason);
            table.add(new BenchTable.Row(backend, name, "FAILED: " + reason, Double.NaN, "", null, null, null, null));
        }
    }

    /**
     * Load until the function's pool stops growing: each new container starts a whole application context, and
     * on a loaded machine that takes seconds, so a short fixed warm-up would time container starts, not requests.
     * Rounds of the warm-up length until one is within 15% of the one before (at most eight).
     */
    private void warmUp(java.net.URI url, String method, String body, String authorization) throws Exception {
        double previous = 0;
        for (int round = 0; round < 8; round++) {
            double rate = load.run(url, method, body, authorization, plan.connections(), plan.warmUp()).perSecond();
            if (previous > 0 && Math.abs(rate / previous - 1) <= 0.15) {
                return;
            }
            previous = rate;
        }
    }

    /** A fresh stack; on a loaded machine a server may miss its start-up timeout, so up to three tries. */
    private LocalSystem start(Map<String, String> overrides) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0, overrides));
            } catch (RuntimeException failed) {
                if (attempt == 3) {
                    throw failed;
                }
                out.println("  the stack did not start (" + failed.getMessage() + "); trying again");
            }
        }
    }

    private void storm(String backend, LocalSystem system, ApiClient api, String saleId) throws Exception {
        Instant now = Instant.now();
        require(api.createSale(saleId, 1, now.minusSeconds(60), now.plus(Duration.ofDays(1)), OPEN_PROTECTION), 201);
        require(api.signedInAs("winner").post(purchasePath(saleId), PURCHASE), 202);
        String loser = api.signIn("loser"); // the storm: one signed-in shopper asking again and again
        require(api.withToken(loser).post(purchasePath(saleId), PURCHASE), 410);
        String body = PURCHASE;
        java.net.URI purchases = system.baseUrl().resolve(purchasePath(saleId));
        java.net.URI page = system.baseUrl().resolve("/");
        out.println("sold-out storm: warm-up until steady, then " + plan.stormRound().toSeconds() + " s of the static route and "
                + plan.stormRound().toSeconds() + " s of sold-out purchases, " + plan.connections() + " connections");
        warmUp(page, "GET", null, null);
        warmUp(purchases, "POST", body, loser);
        LoadResult statics = load.run(page, "GET", null, null, plan.connections(), plan.stormRound());
        LoadResult soldOut = load.run(purchases, "POST", body, loser, plan.connections(), plan.stormRound());
        out.printf(Locale.ROOT, "  static %.0f/s (%s), sold-out %.0f/s (%s), statuses %s%n", statics.perSecond(),
                statics.latency().brief(), soldOut.perSecond(), soldOut.latency().brief(), soldOut.statuses());
        double ratio = soldOut.perSecond() / statics.perSecond();
        table.add(new BenchTable.Row(backend, "storm", "static route GET / (" + load.name() + ")",
                statics.perSecond(), "req/s", null, null, null, null));
        table.add(new BenchTable.Row(backend, "storm", "sold-out purchases, 410 of " + soldOut.requests() + ": "
                + soldOut.count(410), soldOut.perSecond(), "req/s", "static route", statics.perSecond(), ">= 50%",
                ratio >= 0.5));
        table.add(new BenchTable.Row(backend, "storm", String.format(Locale.ROOT, "sold-out latency p99 (p50 %s, p999 %s ms)",
                BenchTable.number(soldOut.latency().p50Ms()), BenchTable.number(soldOut.latency().p999Ms())),
                soldOut.latency().p99Ms(), "ms", null, null, null, null));
        List<Double> rates = new ArrayList<>();
        out.println("sold-out storm over time: " + plan.flatRounds() + " rounds of " + plan.flatRound().toSeconds() + " s");
        for (int i = 0; i < plan.flatRounds(); i++) {
            LoadResult round = load.run(purchases, "POST", body, loser, plan.connections(), plan.flatRound());
            rates.add(round.perSecond());
            out.printf(Locale.ROOT, "  round %d: %.0f/s (%s)%n", i + 1, round.perSecond(), round.latency().brief());
        }
        double first = rates.get(0);
        double last = rates.get(rates.size() - 1);
        table.add(new BenchTable.Row(backend, "storm", "last round vs first of " + rates.size() + " x "
                + plan.flatRound().toSeconds() + " s " + rates.stream().map(r -> BenchTable.number(r)).toList(),
                last, "req/s", "first round", first, "within 10%", Math.abs(last / first - 1) <= 0.10));
    }

    private double components(String backend, LocalSystem system, ApiClient api, String run) throws Exception {
        String saleId = "component-" + run;
        Instant now = Instant.now();
        require(api.createSale(saleId, 500_000, now.minusSeconds(60), now.plus(Duration.ofDays(1)), OPEN_PROTECTION), 201);
        String queue = system.cloud().sqs().createQueue(b -> b.queueName("bench-component-" + run)).queueUrl();
        out.println("component limits: " + ComponentLimits.THREADS + " threads, " + plan.componentRun().toSeconds()
                + " s each");
        try (InProcessFunction admission = new InProcessFunction(system, "AdmissionFunction", Map.of())) {
            ComponentLimits.Result result = ComponentLimits.run(admission, backend, saleId, queue, plan.componentRun());
            out.printf(Locale.ROOT, "  %s: %.0f/s (%s); SQS batched send: %.0f messages/s (%s)%n", result.primitive(),
                    result.stock().unitsPerSecond(), result.stock().latency().brief(),
                    result.queue().unitsPerSecond(), result.queue().latency().brief());
            // An admitted unit costs three conditional writes on DynamoDB (buyer, shard, reservation), one script on Redis.
            int writesPerUnit = backend.equals("dynamodb") ? 3 : 1;
            double stockUnits = result.stock().unitsPerSecond() / writesPerUnit;
            table.add(new BenchTable.Row(backend, "components", result.primitive() + " alone, "
                    + ComponentLimits.THREADS + " threads", result.stock().unitsPerSecond(), "ops/s", null, null, null, null));
            if (writesPerUnit > 1) {
                table.add(new BenchTable.Row(backend, "components", "units/s the stock store allows (3 writes per unit)",
                        stockUnits, "units/s", null, null, null, null));
            }
            table.add(new BenchTable.Row(backend, "components", "SQS SendMessageBatch (10) alone",
                    result.queue().unitsPerSecond(), "msg/s", null, null, null, null));
            return Math.min(stockUnits, result.queue().unitsPerSecond());
        }
    }

    private void spike(String backend, LocalSystem system, ApiClient api, String saleId, double slowest)
            throws Exception {
        // Every spike buyer signed in before the sale (tokens as the sign-in route issues them), off the clock.
        List<String> tokens = java.util.stream.IntStream.range(0, plan.spikeBuyers()).parallel()
                .mapToObj(i -> system.identity().issue("spike-" + i, Instant.now()).token()).toList();
        Instant opens = Instant.now().plusSeconds(3);
        require(api.createSale(saleId, plan.spikeStock(), opens, opens.plus(Duration.ofDays(1)), OPEN_PROTECTION), 201);
        out.printf(Locale.ROOT, "opening spike: %,d buyers for %,d units, open-loop at %,.0f arrivals/s%n",
                plan.spikeBuyers(), plan.spikeStock(), plan.spikeArrivalsPerSecond());
        long wait = Duration.between(Instant.now(), opens).toMillis() + 100;
        if (wait > 0) {
            Thread.sleep(wait);
        }
        OpeningSpike.Result result = OpeningSpike.run(system.baseUrl(), new OpeningSpike.Settings(saleId,
                tokens, plan.spikeArrivalsPerSecond(), 512));
        boolean drained = system.awaitQueuesDrained(Duration.ofMinutes(3));
        ApiClient.Answer report = api.get("/api/admin/sales/" + saleId + "/report");
        require(report, 200);
        long confirmed = report.number("confirmed");
        long oversold = report.number("oversold");
        long duplicates = report.number("duplicateBuyers");
        long lost = Math.max(0, result.admitted() - confirmed);
        out.printf(Locale.ROOT, "  admitted %d in %.2f s (%.0f/s), statuses %s, sent in %.1f s; drained %s; confirmed %d,"
                        + " oversold %d, duplicates %d, lost %d%n", result.admitted(), result.sellOutSeconds(),
                result.admittedPerSecond(), result.statuses(), result.sendSeconds(), drained, confirmed, oversold,
                duplicates, lost);
        timelines.put(backend, result.timeline());
        table.add(new BenchTable.Row(backend, "spike", "admitted/s (" + result.admitted() + " of " + plan.spikeStock()
                + " units)", result.admittedPerSecond(), "units/s", "slowest component", slowest, ">= 50%",
                result.admittedPerSecond() >= 0.5 * slowest));
        table.add(new BenchTable.Row(backend, "spike", "time to sell out", result.sellOutSeconds(), "s", null, null,
                null, null));
        table.add(new BenchTable.Row(backend, "spike", "winners p99 (p50 " + BenchTable.number(result.winners().p50Ms())
                + ", p999 " + BenchTable.number(result.winners().p999Ms()) + " ms)", result.winners().p99Ms(), "ms",
                null, null, null, null));
        table.add(new BenchTable.Row(backend, "spike", "losers p99 (p50 " + BenchTable.number(result.losers().p50Ms())
                + ", p999 " + BenchTable.number(result.losers().p999Ms()) + " ms)", result.losers().p99Ms(), "ms",
                null, null, null, null));
        table.add(new BenchTable.Row(backend, "spike", "oversold / duplicates / lost: " + oversold + " / " + duplicates
                + " / " + lost, oversold + duplicates + lost, "", null, null, "= 0",
                oversold + duplicates + lost == 0 && drained));
    }

    private void handlers(String backend, LocalSystem system, ApiClient api, String run) throws Exception {
        String soldOutSale = "cost-so-" + run;
        String openSale = "cost-" + run;
        Instant now = Instant.now();
        require(api.createSale(soldOutSale, 1, now.minusSeconds(60), now.plus(Duration.ofDays(1)), OPEN_PROTECTION), 201);
        require(api.createSale(openSale, 500_000, now.minusSeconds(60), now.plus(Duration.ofDays(1)), OPEN_PROTECTION), 201);
        require(api.signedInAs("winner").post(purchasePath(soldOutSale), PURCHASE), 202);
        String queue = system.cloud().sqs().createQueue(b -> b.queueName("bench-cost-" + run)).queueUrl();
        out.println("in-handler cost: one container's handler invoked directly, one call at a time");
        Map<String, String> edge = system.cloud().apiOriginHeaders();
        Latency soldOut;
        Latency purchase;
        try (InProcessFunction admission = new InProcessFunction(system, "AdmissionFunction",
                Map.of("FLASHSALE_ORDER_QUEUE_URL", queue))) {
            soldOut = HandlerCost.time(admission, 2_000, plan.soldOutCalls(),
                    i -> Events.purchase(soldOutSale, system.shopperClaims("loser"), edge), 410);
            purchase = HandlerCost.time(admission, 100, plan.purchaseCalls(),
                    i -> Events.purchase(openSale, system.shopperClaims("buyer-" + i), edge), 202);
        }
        Latency admin;
        try (InProcessFunction function = new InProcessFunction(system, "AdminFunction", Map.of())) {
            admin = HandlerCost.time(function, 20, plan.adminCalls(), i -> Events.adminSale(openSale), 200);
        }
        Latency reconciler;
        try (InProcessFunction function = new InProcessFunction(system, "ReconcilerFunction", Map.of())) {
            reconciler = HandlerCost.time(function, 1, plan.reconcilerCalls(), i -> HandlerCost.tick(), 0);
        }
        out.printf(Locale.ROOT, "  sold-out answer %s; purchase %s; admin %s; reconciler %s%n", soldOut.brief(),
                purchase.brief(), admin.brief(), reconciler.brief());
        double purchaseTarget = backend.equals("redis") ? 5 : 15;
        table.add(new BenchTable.Row(backend, "in-handler", "admission, sold-out answer: p99 (mean "
                + BenchTable.number(soldOut.meanMs()) + " ms)", soldOut.p99Ms(), "ms", null, null, "< 1 ms",
                soldOut.p99Ms() < 1));
        table.add(new BenchTable.Row(backend, "in-handler", "admission, purchase: p99 (mean "
                + BenchTable.number(purchase.meanMs()) + " ms)", purchase.p99Ms(), "ms", null, null,
                "< " + (int) purchaseTarget + " ms", purchase.p99Ms() < purchaseTarget));
        table.add(new BenchTable.Row(backend, "in-handler", "admin, GET sale: p99 (mean "
                + BenchTable.number(admin.meanMs()) + " ms)", admin.p99Ms(), "ms", null, null, null, null));
        table.add(new BenchTable.Row(backend, "in-handler", "reconciler run: p99 (mean "
                + BenchTable.number(reconciler.meanMs()) + " ms)", reconciler.p99Ms(), "ms", null, null, null, null));
        int reserved = Integer.parseInt(defaults.parameter("AdmissionReservedConcurrency"));
        double apiRate = Double.parseDouble(defaults.parameter("ApiRateLimit"));
        double capacity = reserved / (purchase.meanMs() / 1000);
        double soldOutCapacity = reserved / (soldOut.meanMs() / 1000);
        table.add(new BenchTable.Row(backend, "capacity", "purchases: " + reserved + " containers / mean "
                + BenchTable.number(purchase.meanMs()) + " ms", capacity, "req/s", "ApiRateLimit", apiRate, ">= 500%",
                capacity >= 5 * apiRate));
        table.add(new BenchTable.Row(backend, "capacity", "sold-out answers: " + reserved + " containers / mean "
                + BenchTable.number(soldOut.meanMs()) + " ms", soldOutCapacity, "req/s", "ApiRateLimit", apiRate,
                ">= 500%", soldOutCapacity >= 5 * apiRate));
        durations.put(backend, new double[]{purchase.meanMs(), soldOut.meanMs(), 0});
    }

    private void drain(String backend, LocalSystem system, ApiClient api, String saleId) throws Exception {
        Instant now = Instant.now();
        require(api.createSale(saleId, plan.drainOrders(), now.minusSeconds(60), now.plus(Duration.ofDays(1)),
                OPEN_PROTECTION), 201);
        String queue = system.cloud().sqs().createQueue(b -> b.queueName("bench-" + saleId)).queueUrl();
        out.printf(Locale.ROOT, "order drain: %,d admitted orders queued first, then drained%n", plan.drainOrders());
        java.util.concurrent.atomic.AtomicLong admitted = new java.util.concurrent.atomic.AtomicLong();
        Map<String, String> edge = system.cloud().apiOriginHeaders();
        try (InProcessFunction admission = new InProcessFunction(system, "AdmissionFunction",
                Map.of("FLASHSALE_ORDER_QUEUE_URL", queue))) {
            double filled = Concurrently.runCount(8, plan.drainOrders(), n -> {
                Object answer = admission.invoke(Events.purchase(saleId, system.shopperClaims("drain-" + n), edge));
                boolean accepted = answer instanceof APIGatewayProxyResponseEvent response && response.getStatusCode() == 202;
                if (accepted) {
                    admitted.incrementAndGet();
                }
                return accepted ? 1 : 0;
            });
            out.printf(Locale.ROOT, "  %d of %d admitted and queued in %.1f s%n", admitted.get(), plan.drainOrders(),
                    filled);
        }
        OrderDrain.Result result = OrderDrain.run(system, queue, admitted.get());
        ApiClient.Answer report = api.get("/api/admin/sales/" + saleId + "/report");
        require(report, 200);
        long confirmed = report.number("confirmed");
        out.printf(Locale.ROOT, "  drained in %.1f s: %.0f orders/s, %d pollers x batch %d, batch %s; confirmed %d%n",
                result.seconds(), result.ordersPerSecond(), result.concurrency(), result.batchSize(),
                result.batches().brief(), confirmed);
        if (confirmed != admitted.get()) {
            throw new IllegalStateException("only " + confirmed + " of " + admitted.get() + " queued orders confirmed");
        }
        double bound = result.concurrency() * result.batchSize() / (result.batches().meanMs() / 1000);
        table.add(new BenchTable.Row(backend, "drain", "orders/s (" + confirmed + " of " + admitted.get()
                + " queued confirmed; " + result.concurrency() + " x batch " + result.batchSize() + ")",
                result.ordersPerSecond(), "orders/s", "concurrency x batch / batch mean", bound, null, null));
        table.add(new BenchTable.Row(backend, "in-handler", "order batch: p99 (mean "
                + BenchTable.number(result.batches().meanMs()) + " ms)", result.batches().p99Ms(), "ms", null, null,
                null, null));
        double[] measured = durations.get(backend);
        if (measured != null) {
            measured[2] = result.batches().meanMs();
        }
    }

    private void coldStarts(String backend, LocalSystem system, String saleId) throws Exception {
        out.println("cold starts: " + plan.coldStartProcesses() + " fresh JVM(s) per function and mode");
        for (ColdStart.Result result : ColdStart.run(system, saleId, plan.coldStartProcesses(), true)) {
            out.printf(Locale.ROOT, "  %s %s: total %s ms, init %s, first event %s%n", result.functionId(),
                    result.priming() ? "primed" : "unprimed", result.totalMs(), result.initMs(), result.firstEventMs());
            table.add(new BenchTable.Row(backend, "cold start", String.format(Locale.ROOT,
                    "%s %s, median of %d: init %s + first event %s ms; jar %.1f MB", result.functionId(),
                    result.priming() ? "with priming" : "without priming", result.totalMs().size(),
                    BenchTable.number(result.median(result.initMs())),
                    BenchTable.number(result.median(result.firstEventMs())), result.jarBytes() / 1e6),
                    result.median(result.totalMs()), "ms", null, null, null, null));
        }
    }

    private String costSource() {
        return durations.containsKey("dynamodb") ? "dynamodb backend" : String.join(", ", durations.keySet()) + " backend";
    }

    private List<CostModel.Line> cost() {
        double[] measured = durations.getOrDefault("dynamodb", durations.values().stream().findFirst()
                .orElse(new double[]{0, 0, 0}));
        double admissionGb = Double.parseDouble(defaults.parameter("AdmissionMemory")) / 1024;
        // Of a million requests, the orders buy and the rest are the sold-out tail: a weighted mean duration.
        double admissionMean = (10_000 * measured[0] + 990_000 * measured[1]) / 1_000_000;
        return CostModel.lines(new CostModel.Inputs(1_000_000, 10_000, admissionMean, measured[2],
                Integer.parseInt(defaults.parameter("OrderBatchSize")), admissionGb, 1.0));
    }

    private String json(List<CostModel.Line> cost) {
        StringBuilder out = new StringBuilder("{\"quick\":").append(plan.quick())
                .append(",\"loadGenerator\":").append(BenchTable.quote(load.name()))
                .append(",\"cores\":").append(Runtime.getRuntime().availableProcessors())
                .append(",\"table\":").append(table.toJson()).append(",\"cost\":[");
        for (int i = 0; i < cost.size(); i++) {
            CostModel.Line line = cost.get(i);
            out.append(i == 0 ? "" : ",").append("{\"item\":").append(BenchTable.quote(line.item()))
                    .append(",\"quantity\":").append(String.format(Locale.ROOT, "%.1f", line.quantity()))
                    .append(",\"cost\":").append(String.format(Locale.ROOT, "%.4f", line.cost())).append('}');
        }
        out.append("],\"spike\":{");
        int n = 0;
        for (Map.Entry<String, List<OpeningSpike.Slice>> entry : timelines.entrySet()) {
            out.append(n++ == 0 ? "" : ",").append(BenchTable.quote(entry.getKey())).append(":[");
            List<OpeningSpike.Slice> slices = entry.getValue();
            for (int i = 0; i < slices.size(); i++) {
                OpeningSpike.Slice s = slices.get(i);
                out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"t\":%.1f,\"answered\":%d,\"admitted\":%d,\"p50Ms\":%.2f,\"p99Ms\":%.2f}",
                        s.fromSeconds(), s.answered(), s.admitted(), s.p50Ms(), s.p99Ms()));
            }
            out.append(']');
        }
        return out.append("}}\n").toString();
    }

    private String plotNote() {
        return String.format(Locale.ROOT, "%,d buyers for %,d units, open-loop at %,.0f arrivals/s (latency counted from"
                        + " each buyer's due time); %s run on %d shared cores; %s.", plan.spikeBuyers(), plan.spikeStock(),
                plan.spikeArrivalsPerSecond(), plan.quick() ? "quick" : "full", Runtime.getRuntime().availableProcessors(),
                Instant.now());
    }

    private static String purchasePath(String saleId) {
        return "/api/sales/" + saleId + "/purchases";
    }

    private static void require(ApiClient.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected HTTP " + status + ", got " + answer.status() + ": "
                    + answer.rawBody());
        }
    }
}
