package dev.flashsale.tests.e2e;

import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.simulate.ApiClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage throttle of template.yaml, applied by the local gateway as API Gateway applies it. */
class GatewayThrottleIT {

    @Test
    void gateway_shouldAnswer429WithRetryAfter_whenTheStageBurstIsSpent() throws Exception {
        // given: the template's throttle parameters overridden the way sam deploy would
        Map<String, String> overrides = Map.of("ApiRateLimit", "1", "ApiBurstLimit", "5");
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(),
                "127.0.0.1", 0, overrides))) {
            ApiClient api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());

            // when
            List<ApiClient.Answer> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(api.get("/api/orders/anything")); // a route under the stage's throttle
            }

            // then
            long throttled = answers.stream().filter(a -> a.status() == 429).count();
            assertTrue(throttled >= 2, "the burst of 5 is spent: " + throttled + " throttled");
            ApiClient.Answer last = answers.get(answers.size() - 1);
            assertEquals(429, last.status());
            assertEquals("THROTTLED", last.text("error"));
            assertNotNull(last.text("message"));
            assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1);
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * Issue 21, finding 3: the sale's GET has a bucket of its own; a flood that spends it leaves the stage's
     * (the challenge and order routes) and the purchases' untouched.
     */
    @Test
    void saleGet_shouldSpendItsOwnBucket_notTheStages() throws Exception {
        // given
        Map<String, String> overrides = Map.of("SaleReadRateLimit", "1", "SaleReadBurstLimit", "3",
                "ApiRateLimit", "1", "ApiBurstLimit", "3");
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(),
                "127.0.0.1", 0, overrides))) {
            ApiClient api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());

            // when: the sale reads' burst is spent, and then some
            List<Integer> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reads.add(api.get("/api/sales/flood-" + i).status());
            }
            int order = api.get("/api/orders/anything").status();

            // then
            assertTrue(reads.stream().filter(status -> status == 429).count() >= 4, reads.toString());
            assertEquals(401, order, "the stage's bucket is untouched: the order route answers (unsigned: 401)");
        } finally {
            executor.shutdownNow();
        }
    }
}
