package dev.flashsale.local.template;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the project's own template.yaml, as the local runner does. */
class StackTemplateTest {

    private static final StackTemplate.PhysicalIds IDS = StackTemplate.physicalIds(
            id -> "local-" + id, (id, attribute) -> id + "/" + attribute);

    private static Path templateFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        return dir.resolve("template.yaml");
    }

    @Test
    void functions_shouldResolveEnvironmentFromGlobalsAndRefs() throws Exception {
        StackTemplate template = StackTemplate.read(templateFile(), Map.of());

        Specs.Function admission = template.functions(IDS).stream()
                .filter(f -> f.logicalId().equals("AdmissionFunction")).findFirst().orElseThrow();

        assertEquals("dev.flashsale.admission.AdmissionHandler", admission.handlerClass());
        assertEquals("local-SalesTable", admission.environment().get("FLASHSALE_SALES_TABLE"));
        assertEquals("local-OrderQueue", admission.environment().get("FLASHSALE_ORDER_QUEUE_URL"));
        assertEquals("dynamodb", admission.environment().get("FLASHSALE_STOCK_BACKEND"));
    }

    @Test
    void parameterOverrides_shouldWinOverDefaults() throws Exception {
        StackTemplate template = StackTemplate.read(templateFile(), Map.of("StockBackend", "redis"));

        assertTrue(template.functions(IDS).stream()
                .allMatch(f -> "redis".equals(f.environment().get("FLASHSALE_STOCK_BACKEND"))));
    }

    @Test
    void throttles_shouldDecodeMethodResourcePaths() throws Exception {
        List<Specs.Throttle> throttles = StackTemplate.read(templateFile(), Map.of()).throttles(IDS);

        assertTrue(throttles.stream().anyMatch(Specs.Throttle::isStageWide));
        assertTrue(throttles.stream().anyMatch(t -> t.matches("POST", "/api/sales/{saleId}/purchases")
                && !t.isStageWide()));
    }

    @Test
    void queueSources_shouldReportBatchItemFailuresWithinReservedConcurrency() throws Exception {
        StackTemplate template = StackTemplate.read(templateFile(), Map.of());
        Specs.QueueSource source = template.queueSources(IDS).get(0);
        Specs.Function orders = template.functions(IDS).stream()
                .filter(f -> f.logicalId().equals(source.functionId())).findFirst().orElseThrow();

        assertTrue(source.reportsBatchItemFailures());
        assertTrue(source.maximumConcurrency() <= orders.reservedConcurrency());
        assertEquals("OrderQueue", source.queueId());
    }

    @Test
    void routes_shouldMarkAdminRoutesIamAuthorised() throws Exception {
        List<Specs.Route> routes = StackTemplate.read(templateFile(), Map.of()).routes();

        assertTrue(routes.stream().filter(r -> r.path().startsWith("/api/admin/")).allMatch(Specs.Route::iamAuthorised));
        assertTrue(routes.stream().filter(r -> !r.path().startsWith("/api/admin/")).noneMatch(Specs.Route::iamAuthorised));
    }

    @Test
    void routes_shouldPutShopperRoutesBehindTheUserPool_andLeaveTheSalePublic() throws Exception {
        List<Specs.Route> routes = StackTemplate.read(templateFile(), Map.of()).routes();

        for (String path : List.of("/api/sales/{saleId}/challenge", "/api/sales/{saleId}/purchases", "/api/orders/{orderId}",
                "/api/sales/{saleId}/me")) {
            assertTrue(routes.stream().anyMatch(r -> r.path().equals(path) && r.method().equals("GET")
                    || r.path().equals(path) && r.method().equals("POST")), "a route " + path);
            assertTrue(routes.stream().filter(r -> r.path().equals(path)).allMatch(Specs.Route::userPoolAuthorised), path);
        }
        assertTrue(routes.stream().filter(r -> r.path().equals("/api/sales/{saleId}")).noneMatch(Specs.Route::userPoolAuthorised),
                "the sale's GET stays anonymous (and cached at the edge)");
        assertTrue(routes.stream().filter(r -> r.path().startsWith("/api/admin/")).noneMatch(Specs.Route::userPoolAuthorised));
    }
}
