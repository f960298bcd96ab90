package dev.flashsale.tests.e2e;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.simulate.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, items 1 and 2, on the whole local stack: its CloudFront keeps what the template's cache policies and
 * error caching say. Many signed-in pages polling the sale in the same second reach the sale's function once,
 * whatever token, userId or query string each adds; an error is kept for the template's error caching minimum TTL
 * (or the origin's max-age when greater), not CloudFront's default 10 s. The AWS side's clock is held and jumped:
 * what is counted is requests, never how fast they ran.
 */
class EdgeCacheIT {

    private static final int PAGES = 24;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static LocalSystem system;
    private static ExecutorService executor; // the clients' own
    private static ExecutorService pagesPool; // the pages polling: apart, so a waiting page never starves a client
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0,
                Map.of("ApiRateLimit", "500", "ApiBurstLimit", "1000", "SaleReadRateLimit", "500",
                        "SaleReadBurstLimit", "1000")));
        executor = Executors.newFixedThreadPool(4);
        pagesPool = Executors.newFixedThreadPool(PAGES);
        admin = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
    }

    @AfterAll
    static void stop() {
        pagesPool.shutdownNow();
        executor.shutdownNow();
        system.close();
    }

    private static long saleReads() {
        return system.usage().get("SaleReadFunction").invocations();
    }

    /** Every page's poll at once: each its own token, its own userId and a random extra query string. */
    private static List<Integer> pollTogether(List<ApiClient> pages, String saleId) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> polls = new ArrayList<>();
        for (ApiClient page : pages) {
            polls.add(pagesPool.submit(() -> {
                go.await();
                return page.get("/api/sales/" + saleId + "?userId=" + UUID.randomUUID() + "&cb="
                        + UUID.randomUUID()).status();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> poll : polls) {
            statuses.add(poll.get(1, TimeUnit.MINUTES));
        }
        return statuses;
    }

    @Test
    void salePolls_shouldReachTheSaleFunctionOncePerSecond_whateverTokenOrQueryEachPageAdds() throws Exception {
        // given: an open sale and signed-in pages
        Instant now = Instant.now();
        assertEquals(201, admin.createSale("edge-polled", 10, now.minusSeconds(1), now.plusSeconds(3600),
                "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}").status());
        List<ApiClient> pages = new ArrayList<>();
        for (int i = 0; i < PAGES; i++) {
            pages.add(new ApiClient(system.baseUrl(), executor).signedInAs("poller-" + i));
        }
        try (AutoCloseable held = system.clock().hold()) {
            long before = saleReads();

            // when: every page polls within the same second, twice, and once more as the second ends
            List<Integer> first = pollTogether(pages, "edge-polled");
            List<Integer> second = pollTogether(pages, "edge-polled");
            system.clock().jump(Duration.ofMillis(999));
            int last = pages.get(0).get("/api/sales/edge-polled?userId=someone-else").status();
            long withinTheSecond = saleReads() - before;
            system.clock().jump(Duration.ofMillis(1));
            List<Integer> nextSecond = pollTogether(pages, "edge-polled");

            // then: the template's SaleCachePolicy keys on nothing but the path; its answer lives one second
            assertTrue(first.stream().allMatch(s -> s == 200) && second.stream().allMatch(s -> s == 200)
                    && nextSecond.stream().allMatch(s -> s == 200) && last == 200, first + " " + second + " " + nextSecond);
            assertEquals(1, withinTheSecond, "one origin request for " + (2 * PAGES + 1) + " polls in a second");
            assertEquals(2, saleReads() - before, "the next second, one more");
        }
    }

    @Test
    void errors_shouldBeKeptForTheTemplatesErrorCachingMinTtl_orTheOriginsMaxAgeWhenGreater() throws Exception {
        try (AutoCloseable held = system.clock().hold()) {
            // given
            long readsBefore = saleReads();
            long originBefore = system.edgeOriginRequests();

            // when: a gateway refusal (403, no-store) five times; an unknown sale's 404 (max-age=5) over 5 s
            List<Integer> refusals = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                refusals.add(HTTP.send(HttpRequest.newBuilder(URI.create(system.baseUrl() + "/api/no-such-route"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            long refusalsAtOrigin = system.edgeOriginRequests() - originBefore;
            List<Integer> unknown = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                unknown.add(admin.get("/api/sales/edge-unknown?x=" + i).status());
            }
            system.clock().jump(Duration.ofMillis(4_999));
            unknown.add(admin.get("/api/sales/edge-unknown").status());
            long unknownWithinFive = saleReads() - readsBefore;
            system.clock().jump(Duration.ofMillis(1));
            unknown.add(admin.get("/api/sales/edge-unknown").status());

            // then: the 403 is kept 0 s (CustomErrorResponses; CloudFront's default would keep it 10 s despite
            // no-store), the 404 its own 5 s (the policy's MaxTTL allows 5), never the default 10 s
            assertEquals(List.of(403, 403, 403, 403, 403), refusals);
            assertEquals(5, refusalsAtOrigin, "every refusal reached the origin");
            assertTrue(unknown.stream().allMatch(s -> s == 404), unknown.toString());
            assertEquals(1, unknownWithinFive);
            assertEquals(2, saleReads() - readsBefore);
        }
    }
}
