package dev.flashsale.local.faults;

import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.simulate.Simulation;
import dev.flashsale.local.simulate.SimulationReport;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@code ./flashsale simulate ... --faults LIST}: a sale on a fresh local stack with the faults injected. */
public final class FaultSimulation {

    /** Attempts a shopper makes when the answer is a failure (5xx, 429, none). */
    static final int ATTEMPTS = 4;

    private FaultSimulation() {
    }

    public static FaultReport run(Simulation.Settings settings, Map<String, String> overrides, Set<Fault> faults,
                                  PrintStream progress) throws Exception {
        return run(settings, overrides, faults, ReconcileAge.RIGHT_AFTER_THE_SALE, progress);
    }

    public static FaultReport run(Simulation.Settings settings, Map<String, String> overrides, Set<Fault> faults,
                                  ReconcileAge reconcileAge, PrintStream progress) throws Exception {
        boolean redis = "redis".equals(overrides.get("StockBackend"));
        ExecutorService executor = Executors.newFixedThreadPool(16);
        FaultInjector injector = new FaultInjector(faults, settings.stock(), reconcileAge);
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0,
                overrides), injector)) {
            StoreAudit audit = new StoreAudit(system.cloud().dynamo(), "StockTable", "OrdersTable",
                    redis ? system.cloud()::redis : null);
            FaultRun recovery = new FaultRun(system, audit, injector, settings.stock());
            Simulation simulation = new Simulation(new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack()),
                    system::awaitQueuesDrained, progress).retryingFailures(ATTEMPTS, recovery)
                    .withSaleFields(recovery.saleFields());
            SimulationReport sale;
            try (AutoCloseable payers = recovery.payAsConfirmed(simulation)) {
                sale = simulation.run(settings);
            }
            long expected = Math.min(settings.buyers() - recovery.nonPayers(), settings.stock());
            // What a shop subscribed through the template's example rule got, once the last pass has run.
            OrderEventsAudit.Result events = new OrderEventsAudit(system.cloud().dynamo(),
                    system.cloud().physicalIds().ref("OrdersTable"), system.cloud().sqs(),
                    system.cloud().queueUrl("OrderEventsQueue")).audit(settings.saleId());
            return new FaultReport(sale, faults.stream().map(Fault::label).collect(java.util.stream.Collectors.toSet()),
                    injector.fired(), recovery.repairs(), recovery.repairsOnLastPass(), expected,
                    recovery.result(), events);
        } finally {
            executor.shutdownNow();
        }
    }
}
