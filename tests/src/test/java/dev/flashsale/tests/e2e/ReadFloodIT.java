package dev.flashsale.tests.e2e;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.template.CloudFormationYaml;
import dev.flashsale.local.template.Specs;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21, finding 3: a flood of cheap reads (random sale ids, random query strings on the live sale) during a
 * sale leaves the purchases answering as before. The sale's GET runs in a function of its own, so the flood
 * spends that function's concurrency, never the admission function's that purchases need. The stack runs with
 * the template's own settings (its ShedLatencyMillis included); the functions' time is held during the flood, so
 * the store latency the admission containers measure (on that time) is not this machine's CPU, shared by the flood.
 */
class ReadFloodIT {

    private static final int FLOODERS = 8;
    private static final int FLOOD_PER_THREAD = 150;
    private static final int BUYERS = 30;

    @Test
    void purchases_shouldAllBeAdmitted_andTheFloodNeverRunInTheirFunction_whenAReadFloodHitsDuringTheSale()
            throws Exception {
        // given: an open sale, and shoppers signed in before the flood, on a stack with the template's settings
        ExecutorService executor = Executors.newFixedThreadPool(FLOODERS + BUYERS + 4);
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(),
                "127.0.0.1", 0, Map.of()))) {
            Object shedLatency = ((Map<?, ?>) ((Map<?, ?>) CloudFormationYaml.read(LocalSystem.projectRoot()
                    .resolve("template.yaml")).get("Parameters")).get("ShedLatencyMillis")).get("Default");
            Specs.Function admission = system.template().functions(system.cloud().physicalIds()).stream()
                    .filter(f -> f.logicalId().equals("AdmissionFunction")).findFirst().orElseThrow();
            assertEquals(String.valueOf(shedLatency), admission.environment().get("FLASHSALE_SHED_LATENCY_MILLIS"));
            ApiClient api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
            String saleId = "flooded";
            Instant now = Instant.now();
            assertEquals(201, api.createSale(saleId, BUYERS, now.minusSeconds(1), now.plusSeconds(3600),
                    "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}").status());
            List<ApiClient> buyers = new ArrayList<>();
            for (int i = 0; i < BUYERS; i++) {
                buyers.add(api.signedInAs("buyer-" + i));
            }
            assertEquals(200, api.get("/api/sales/" + saleId).status());
            long admissionBefore = system.usage().get("AdmissionFunction").invocations();
            long readsBefore = system.usage().get("SaleReadFunction").invocations();
            // the functions' time (and the latency they measure on it) stands still: which function ran what is
            // measured here, not how fast this machine, shared by the flood, answers
            AutoCloseable held = system.clock().hold();

            // when: the flood runs, and the purchases start once it is under way
            Map<Integer, AtomicInteger> flood = new ConcurrentHashMap<>();
            Map<Integer, AtomicInteger> liveReads = new ConcurrentHashMap<>();
            CountDownLatch underWay = new CountDownLatch(FLOODERS * 20);
            List<Future<?>> flooders = new ArrayList<>();
            for (int t = 0; t < FLOODERS; t++) {
                flooders.add(executor.submit(() -> {
                    for (int i = 0; i < FLOOD_PER_THREAD; i++) {
                        String random = UUID.randomUUID().toString();
                        boolean live = i % 5 == 0; // the live sale under query strings the edge would not key on
                        String path = live ? "/api/sales/" + saleId + "?utm=" + random
                                : "/api/sales/" + random.substring(0, 18) + "?x=" + random;
                        int status = api.get(path).status();
                        (live ? liveReads : flood).computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        underWay.countDown();
                    }
                    return null;
                }));
            }
            assertTrue(underWay.await(2, TimeUnit.MINUTES), "the flood got under way");
            List<Future<Integer>> purchases = new ArrayList<>();
            for (int i = 0; i < BUYERS; i++) {
                ApiClient buyer = buyers.get(i);
                purchases.add(executor.submit(() -> buyer.post("/api/sales/" + saleId + "/purchases",
                        "{\"quantity\":1}").status()));
            }
            Map<Integer, Integer> purchaseStatuses = new ConcurrentHashMap<>();
            for (Future<Integer> purchase : purchases) {
                purchaseStatuses.merge(purchase.get(2, TimeUnit.MINUTES), 1, Integer::sum);
            }
            for (Future<?> flooder : flooders) {
                flooder.get(5, TimeUnit.MINUTES);
            }
            held.close();

            // then: every purchase admitted at the first try, none throttled or shed by the flood
            assertEquals(Map.of(202, BUYERS), purchaseStatuses);
            // the admission function ran the purchases and nothing else: the flood ran in the sale read's
            long admissionRuns = system.usage().get("AdmissionFunction").invocations() - admissionBefore;
            assertEquals(BUYERS, admissionRuns, "admission invocations during the flood");
            long floodRuns = system.usage().get("SaleReadFunction").invocations() - readsBefore;
            assertTrue(floodRuns > 0 && floodRuns <= (long) FLOODERS * FLOOD_PER_THREAD, "sale reads: " + floodRuns);
            // unknown ids are a 404 (or the read's own throttle), never a failure; the live sale still reads
            flood.keySet().forEach(status -> assertTrue(status == 404 || status == 429, "flood answered " + flood));
            assertTrue(flood.containsKey(404), flood.toString());
            assertTrue(liveReads.containsKey(200), liveReads.toString());
            liveReads.keySet().forEach(status -> assertTrue(status == 200 || status == 429, "live " + liveReads));
        } finally {
            executor.shutdownNow();
        }
    }
}
