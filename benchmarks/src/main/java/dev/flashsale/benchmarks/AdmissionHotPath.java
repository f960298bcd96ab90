package dev.flashsale.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.http.ApiResponses;
import dev.flashsale.adapters.http.PurchaseBody;
import dev.flashsale.adapters.http.RequestBodies;
import dev.flashsale.admission.PurchaseAccepted;
import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.fakes.CountingBotSignals;
import dev.flashsale.core.fakes.CountingStockLedger;
import dev.flashsale.core.fakes.InMemoryBlocklistStore;
import dev.flashsale.core.fakes.InMemoryChallengeLedger;
import dev.flashsale.core.fakes.InMemoryOrderQueue;
import dev.flashsale.core.fakes.InMemoryRateLimiter;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.RecordingAdmissionEvents;
import dev.flashsale.core.guard.AdmissionGuard;
import dev.flashsale.core.guard.Blocklist;
import dev.flashsale.core.guard.JitterGate;
import dev.flashsale.core.guard.LoadShedder;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.purchase.PurchaseAdmission;
import dev.flashsale.core.purchase.PurchaseRequest;
import dev.flashsale.core.purchase.RequestOrderIds;
import dev.flashsale.core.purchase.SoldOutMemory;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import io.micronaut.context.ApplicationContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The admission's hot path without I/O, piece by piece: parsing the body, validating the request, the guards
 * and the decision (stores in memory), and writing the answer; then a sold-out purchase and an admitted one
 * whole. The JSON codecs and the HTTP mapping are the functions' own beans, from a Micronaut context.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionHotPath {

    private static final String OPEN = "open";
    private static final String SOLD_OUT = "sold-out";
    private static final String ADDRESS = "203.0.113.10";

    private ApplicationContext context;
    private RequestBodies bodies;
    private ApiResponses responses;
    private PurchaseAdmission admission;
    private APIGatewayProxyRequestEvent event;
    private PurchaseRequest request;
    private long buyer;

    @Setup(Level.Trial)
    public void setUp() {
        context = ApplicationContext.builder().deduceEnvironment(false).properties(Map.of(
                "flashsale.sales-table", "sales", "flashsale.stock-table", "stock", "flashsale.orders-table", "orders",
                "flashsale.order-queue-url", "http://localhost/queue", "flashsale.protection-table", "protection",
                "flashsale.order-events-bus", "benchmark-orders",
                "flashsale.challenge-secret", "benchmark-secret-benchmark-secret-0123")).start();
        bodies = context.getBean(RequestBodies.class);
        responses = context.getBean(ApiResponses.class);

        Clock clock = Clock.systemUTC();
        InMemorySaleCatalog catalog = new InMemorySaleCatalog();
        CountingStockLedger ledger = new CountingStockLedger();
        Protection open = new Protection(ChallengeMode.OFF, 0, 1_000_000, 1_000_000, 0);
        Instant now = Instant.now();
        for (String id : new String[]{OPEN, SOLD_OUT}) {
            Sale sale = new Sale(id, id, id.equals(OPEN) ? Integer.MAX_VALUE : 0, now.minusSeconds(60),
                    now.plus(Duration.ofDays(1)), 1, 1, open);
            catalog.save(sale);
            ledger.open(sale, sale.stock());
        }
        KeyedHash keyedHash = new KeyedHash("benchmark-secret-benchmark-secret-0123"
                .getBytes(StandardCharsets.UTF_8));
        LoadShedder shedder = new LoadShedder(256, 250);
        AdmissionGuard guard = new AdmissionGuard(
                new Blocklist(new InMemoryBlocklistStore(), clock, Duration.ofSeconds(5)),
                new InMemoryRateLimiter(), new CountingBotSignals(),
                new Challenges(keyedHash, new InMemoryChallengeLedger(), new SecureRandom()), shedder,
                new AdmissionGuard.AutoBlock(10, Duration.ofMinutes(15)));
        admission = new PurchaseAdmission(catalog, ledger, new InMemoryOrderQueue(),
                new SoldOutMemory(Duration.ofSeconds(1)), clock, new RequestOrderIds(keyedHash),
                new PurchaseAdmission.Checks(guard, new JitterGate(keyedHash), shedder),
                new PurchaseAdmission.Hooks(new RecordingAdmissionEvents(),
                        released -> { }, stranded -> { }, lost -> { }, restoring -> { }));
        event = new APIGatewayProxyRequestEvent();
        event.setBody("{\"userId\":\"shopper-1\",\"quantity\":1}");
        event.setIsBase64Encoded(false);
        request = new PurchaseRequest("shopper-1", 1, null, ADDRESS, Instant.now());
        admission.purchase(SOLD_OUT, request); // the sold-out memory now holds the sale
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public RequestBodies.Read<PurchaseBody> parse() {
        return bodies.read(event, PurchaseBody.class, PurchaseBody.SHAPE);
    }

    @Benchmark
    public Object validate() {
        return new PurchaseRequest("shopper-1", 1, null, ADDRESS, Instant.now()).problem();
    }

    @Benchmark
    public Admission decideSoldOut() {
        return admission.purchase(SOLD_OUT, request);
    }

    @Benchmark
    public Admission decideAdmitted() {
        return admission.purchase(OPEN, new PurchaseRequest("buyer-" + buyer++, 1, null, ADDRESS, Instant.now()));
    }

    @Benchmark
    public APIGatewayProxyResponseEvent respondAccepted() {
        return responses.json(202, new PurchaseAccepted("0f8fad5b-d9cb-469f-a165-70867728950e", "PENDING"),
                ApiResponses.NO_STORE);
    }

    @Benchmark
    public APIGatewayProxyResponseEvent respondSoldOut() {
        return responses.refused(new Admission.Refused(Refusal.SOLD_OUT));
    }

    /** Parse, validate, decide and answer a purchase of a sold-out sale: the storm's whole in-handler path. */
    @Benchmark
    public APIGatewayProxyResponseEvent soldOutPurchase() {
        PurchaseBody body = bodies.read(event, PurchaseBody.class, PurchaseBody.SHAPE).value();
        Admission result = admission.purchase(SOLD_OUT,
                new PurchaseRequest(body.userId(), body.quantity(), null, ADDRESS, Instant.now()));
        return responses.refused((Admission.Refused) result);
    }

    /** The same for an admitted purchase (stock, queue and rate limits in memory). */
    @Benchmark
    public APIGatewayProxyResponseEvent admittedPurchase() {
        PurchaseBody body = bodies.read(event, PurchaseBody.class, PurchaseBody.SHAPE).value();
        Admission result = admission.purchase(OPEN,
                new PurchaseRequest("buyer-" + buyer++, body.quantity(), null, ADDRESS, Instant.now()));
        return responses.json(202, new PurchaseAccepted(((Admission.Admitted) result).orderId(), "PENDING"),
                ApiResponses.NO_STORE);
    }
}
