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
                answers.add(api.get("/api/sales/anything"));
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
}
