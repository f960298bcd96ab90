package dev.flashsale.local.gateway;

import dev.flashsale.local.template.DistributionSpec;
import dev.flashsale.local.template.StackTemplate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The local CloudFront's cache, read from the template's distribution, on a clock the test moves. */
class EdgeCacheTest {

    /** A clock that moves only when told. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-08T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** An origin that counts its requests and always gives the same answer. */
    private static final class CountingOrigin implements EdgeCache.Origin {
        final AtomicInteger requests = new AtomicInteger();
        private final int status;
        private final String cacheControl;

        CountingOrigin(int status, String cacheControl) {
            this.status = status;
            this.cacheControl = cacheControl;
        }

        @Override
        public EdgeCache.Answer fetch() {
            requests.incrementAndGet();
            return new EdgeCache.Answer(status, Map.of("Cache-Control", List.of(cacheControl)),
                    ("{\"n\":" + requests.get() + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private final TestClock clock = new TestClock();

    private static DistributionSpec templatesDistribution() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        return DistributionSpec.of(StackTemplate.read(root.resolve("template.yaml"), Map.of()));
    }

    private static EdgeCache.Request get(String path, String query, Map<String, List<String>> headers) {
        return new EdgeCache.Request("GET", path, query, headers);
    }

    /** A signed-in page's poll of the sale: its own token, its own query string. */
    private static EdgeCache.Request signedInPoll(String saleId) {
        String shopper = UUID.randomUUID().toString();
        return get("/api/sales/" + saleId, "userId=" + shopper + "&utm=" + UUID.randomUUID(), Map.of(
                "authorization", List.of("Bearer token-of-" + shopper), "accept", List.of("application/json"),
                "cookie", List.of("session=" + shopper)));
    }

    @Test
    void behaviourFor_shouldPickTheTemplatesPolicies_byTheFirstMatchingPathPattern() throws Exception {
        EdgeCache edge = new EdgeCache(templatesDistribution(), clock);

        assertEquals("SaleCachePolicy", edge.behaviourFor("/api/sales/s1").cachePolicy().name());
        assertEquals("ApiAuthorizedCachePolicy", edge.behaviourFor("/api/sales/s1/purchases").cachePolicy().name());
        assertEquals("ApiAuthorizedCachePolicy", edge.behaviourFor("/api/sales/s1/me").cachePolicy().name());
        assertEquals("ApiAuthorizedCachePolicy", edge.behaviourFor("/api/orders/o1").cachePolicy().name());
        assertEquals("Managed-CachingOptimized", edge.behaviourFor("/index.html").cachePolicy().name());
    }

    @Test
    void serve_shouldReachTheOriginOncePerSecond_whenManySignedInPagesPollTheSaleWithOwnQueriesAndTokens()
            throws Exception {
        // given
        EdgeCache edge = new EdgeCache(templatesDistribution(), clock);
        CountingOrigin origin = new CountingOrigin(200, "public, max-age=1");

        // when: 200 pages within the sale's second, each with its token, userId and a random query string
        for (int i = 0; i < 200; i++) {
            edge.serve(signedInPoll("s1"), origin);
        }
        clock.advance(Duration.ofMillis(999));
        EdgeCache.Answer last = edge.serve(signedInPoll("s1"), origin);
        int withinTheSecond = origin.requests.get();
        clock.advance(Duration.ofMillis(1));
        edge.serve(signedInPoll("s1"), origin);

        // then: nothing of the request but the path makes the key
        assertEquals(1, withinTheSecond);
        assertEquals("Hit from cloudfront", last.header("X-Cache"));
        assertEquals(2, origin.requests.get(), "the second after, one request refreshes it");
        assertEquals(2, edge.originRequests(), "the edge counted its two origin requests");
    }

    @Test
    void serve_shouldKeepTheAnswersOfSignedInRoutesApart_andNoneOfTheirNoStoreAnswers() throws Exception {
        // given
        EdgeCache edge = new EdgeCache(templatesDistribution(), clock);
        CountingOrigin origin = new CountingOrigin(200, "no-store");

        // when: the same shopper's start twice, and another shopper's
        EdgeCache.Request alice = get("/api/sales/s1/me", null, Map.of("authorization", List.of("alice")));
        edge.serve(alice, origin);
        edge.serve(alice, origin);
        edge.serve(get("/api/sales/s1/me", null, Map.of("authorization", List.of("bob"))), origin);

        // then
        assertEquals(3, origin.requests.get());
    }

    /** Fails if the template's CustomErrorResponses are removed: each error would then be kept 10 s. */
    @Test
    void serve_shouldKeepNoErrorOfTheSaleGet_underTheTemplatesCustomErrorResponses() throws Exception {
        // given: the sale's function overloaded, the gateway failing, a refusal
        EdgeCache edge = new EdgeCache(templatesDistribution(), clock);

        for (int status : new int[] {400, 403, 500, 502, 503, 504}) {
            CountingOrigin origin = new CountingOrigin(status, "no-store");

            // when
            for (int i = 0; i < 5; i++) {
                edge.serve(signedInPoll("s-" + status), origin);
            }

            // then
            assertEquals(5, origin.requests.get(), "a " + status + " passes through every time");
        }
    }

    @Test
    void serve_shouldKeepA503For10SecondsDespiteNoStore_whenTheDistributionHasNoCustomErrorResponses()
            throws Exception {
        // given
        EdgeCache edge = new EdgeCache(templatesDistribution().withoutCustomErrorResponses(), clock);
        CountingOrigin overloaded = new CountingOrigin(503, "no-store");
        CountingOrigin missing = new CountingOrigin(404, "no-store");

        // when
        for (int i = 0; i < 5; i++) {
            edge.serve(signedInPoll("overloaded"), overloaded);
            edge.serve(signedInPoll("missing"), missing);
        }
        clock.advance(Duration.ofMillis(9_999));
        edge.serve(signedInPoll("overloaded"), overloaded);
        int withinTenSeconds = overloaded.requests.get();
        clock.advance(Duration.ofMillis(1));
        edge.serve(signedInPoll("overloaded"), overloaded);

        // then: CloudFront's default error caching; no-store honoured for a 404 only
        assertEquals(1, withinTenSeconds);
        assertEquals(2, overloaded.requests.get());
        assertEquals(5, missing.requests.get());
    }

    @Test
    void serve_shouldKeepAnUnknownSalesNotFoundForItsMaxAge_whichTheSalePolicysMaxTtlAllows() throws Exception {
        // given: the sale function's 404 for an unknown id (max-age=5); the template's ErrorCachingMinTTL 0
        EdgeCache edge = new EdgeCache(templatesDistribution(), clock);
        CountingOrigin origin = new CountingOrigin(404, "public, max-age=5");

        // when
        edge.serve(signedInPoll("nope"), origin);
        clock.advance(Duration.ofMillis(4_999));
        edge.serve(signedInPoll("nope"), origin);
        int withinFive = origin.requests.get();
        clock.advance(Duration.ofMillis(1));
        edge.serve(signedInPoll("nope"), origin);

        // then
        assertEquals(1, withinFive);
        assertEquals(2, origin.requests.get());
    }

    @Test
    void serve_shouldPassEveryPurchaseToTheOrigin() throws Exception {
        EdgeCache edge = new EdgeCache(templatesDistribution(), clock);
        CountingOrigin origin = new CountingOrigin(202, "no-store");

        for (int i = 0; i < 3; i++) {
            edge.serve(new EdgeCache.Request("POST", "/api/sales/s1/purchases", null, Map.of()), origin);
        }

        assertEquals(3, origin.requests.get());
    }
}
