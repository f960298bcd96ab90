package dev.flashsale.tests.handlers;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.flashsale.admin.AdminHandler;
import dev.flashsale.admission.AdmissionHandler;
import dev.flashsale.orders.OrderHandler;
import dev.flashsale.reconciler.ReconcilerHandler;
import dev.flashsale.local.functions.LocalLambdaContext;
import dev.flashsale.tests.LocalCloudFixture;
import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.port.BlocklistStore;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.reconcile.LedgerAudit;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.sale.Sale;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A warm container's cost per invocation stays constant: after 50,000 in-process invocations of each handler,
 * each with a new Lambda {@code Context} as the Java runtime passes, the application context holds exactly the
 * bean definitions and singletons it held after the first ones. Counts, not timings.
 */
class InvocationCostIT {

    private static final int INVOCATIONS = 50_000;
    /** How often the counts are compared, so a leak fails within a thousand calls rather than after 50,000. */
    private static final int CHECK_EVERY = 1_000;

    private static JsonMapper json;
    private static ApplicationContext admissionContext;
    private static ApplicationContext adminContext;
    private static ApplicationContext orderContext;
    private static ApplicationContext reconcilerContext;

    @BeforeAll
    static void start() throws Exception {
        // The recorded events came through CloudFront: they carry its origin header with this secret.
        admissionContext = LocalCloudFixture.contextOf("AdmissionFunction",
                Map.of("FLASHSALE_ORIGIN_SECRET", "fixture-origin-secret-behind-cloudfront"));
        adminContext = LocalCloudFixture.contextOf("AdminFunction", Map.of());
        orderContext = LocalCloudFixture.contextOf("OrderFunction", Map.of());
        // The reconciler's stores in memory: 50,000 scans of dynalite would take most of an hour here, and the
        // repair itself is proven against dynalite by ReconcilerIT. The handler, its run and the context are real.
        reconcilerContext = LocalCloudFixture.builderOf("ReconcilerFunction", Map.of());
        reconcilerContext.registerBeanDefinition(RuntimeBeanDefinition.builder(Reconciliation.class,
                () -> new Reconciliation(new EmptyCatalog(), null, null, Clock.systemUTC(), Duration.ofMinutes(20),
                        null, new LedgerAudit(null, null, Clock.systemUTC(), Duration.ZERO, null), repair -> { }, null,
                        new OrderExpiry(new EmptyCatalog(), null, null, null, null, Clock.systemUTC(), expired -> { })))
                .replaces(Reconciliation.class).build());
        reconcilerContext.registerBeanDefinition(RuntimeBeanDefinition.builder(BlocklistStore.class,
                EmptyBlocklist::new).replaces(BlocklistStore.class).build());
        reconcilerContext.start();
        json = admissionContext.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        for (ApplicationContext context : List.of(admissionContext, adminContext, orderContext, reconcilerContext)) {
            context.close();
        }
    }

    @Test
    void admission_shouldKeepItsBeansConstant_whenASoldOutSaleIsHit50000Times() throws Exception {
        AdminHandler admin = new AdminHandler(adminContext);
        AdmissionHandler admission = new AdmissionHandler(admissionContext);
        APIGatewayProxyRequestEvent create = fixture("put-sale.json");
        create.setPathParameters(Map.of("saleId", "cost-sold-out"));
        create.setBody(create.getBody().replace("\"stock\":5", "\"stock\":1").replace("\"shards\":2", "\"shards\":1"));
        assertEquals(201, admin.handleRequest(create, new LocalLambdaContext("AdminFunction", 30, 512)).getStatusCode());
        APIGatewayProxyRequestEvent winner = purchase("cost-winner");
        assertEquals(202, admission.handleRequest(winner, new LocalLambdaContext("AdmissionFunction", 30, 512))
                .getStatusCode());
        APIGatewayProxyRequestEvent loser = purchase("cost-loser");

        assertConstantBeans("AdmissionFunction", admissionContext, admission, i -> loser,
                response -> assertEquals(410, ((APIGatewayProxyResponseEvent) response).getStatusCode()));
    }

    @Test
    void admin_shouldKeepItsBeansConstant_whenInvoked50000Times() throws Exception {
        APIGatewayProxyRequestEvent invalid = fixture("put-sale-invalid.json");

        assertConstantBeans("AdminFunction", adminContext, new AdminHandler(adminContext), i -> invalid,
                response -> assertEquals(400, ((APIGatewayProxyResponseEvent) response).getStatusCode()));
    }

    @Test
    void orders_shouldKeepItsBeansConstant_whenInvoked50000Times() {
        SQSEvent empty = new SQSEvent();
        empty.setRecords(List.of());

        assertConstantBeans("OrderFunction", orderContext, new OrderHandler(orderContext), i -> empty,
                response -> assertEquals(List.of(),
                        ((SQSBatchResponse) response)
                                .getBatchItemFailures()));
    }

    @Test
    void reconciler_shouldKeepItsBeansConstant_whenInvoked50000Times() throws Exception {
        ScheduledEvent tick;
        try (InputStream in = getClass().getResourceAsStream("/events/scheduled.json")) {
            tick = json.readValue(in.readAllBytes(), ScheduledEvent.class);
        }
        ScheduledEvent event = tick;

        assertConstantBeans("ReconcilerFunction", reconcilerContext, new ReconcilerHandler(reconcilerContext),
                i -> event, response -> assertEquals(String.class, response.getClass()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <I> void assertConstantBeans(String function, ApplicationContext context,
                                                RequestHandler handler, Function<Integer, I> events,
                                                java.util.function.Consumer<Object> check) {
        // given: a container past its first invocation (lazy singletons created)
        check.accept(handler.handleRequest(events.apply(0), new LocalLambdaContext(function, 30, 512)));
        int definitions = context.getAllBeanDefinitions().size();
        int registrations = context.getActiveBeanRegistrations(Object.class).size();

        // when / then: every thousand of 50,000 invocations, the same counts
        for (int i = 1; i <= INVOCATIONS; i++) {
            Object response = handler.handleRequest(events.apply(i), new LocalLambdaContext(function, 30, 512));
            if (i % CHECK_EVERY == 0) {
                check.accept(response);
                assertEquals(definitions, context.getAllBeanDefinitions().size(),
                        function + ": bean definitions after " + i + " invocations");
                assertEquals(registrations, context.getActiveBeanRegistrations(Object.class).size(),
                        function + ": bean registrations after " + i + " invocations");
            }
        }
    }

    private static final class EmptyCatalog implements SaleCatalog {
        @Override
        public Optional<Sale> find(String saleId) {
            return Optional.empty();
        }

        @Override
        public boolean save(Sale sale) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Sale> list() {
            return List.of();
        }
    }

    private static final class EmptyBlocklist implements BlocklistStore {
        @Override
        public List<BlockEntry> all() {
            return List.of();
        }

        @Override
        public void add(BlockEntry entry) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(BlockEntry.Type type, String value) {
            return false;
        }
    }

    private static APIGatewayProxyRequestEvent purchase(String userId) throws Exception {
        APIGatewayProxyRequestEvent event = fixture("purchase.json");
        event.setPathParameters(Map.of("saleId", "cost-sold-out"));
        // as the Cognito authorizer passes the verified shopper
        event.getRequestContext().setAuthorizer(Map.of("claims", Map.of("sub", userId, "token_use", "id")));
        event.setBody("{\"quantity\":1}");
        return event;
    }

    private static APIGatewayProxyRequestEvent fixture(String name) throws Exception {
        try (InputStream in = InvocationCostIT.class.getResourceAsStream("/events/" + name)) {
            return json.readValue(in.readAllBytes(), APIGatewayProxyRequestEvent.class);
        }
    }
}
