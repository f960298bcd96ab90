package dev.flashsale.local.gateway;

import dev.flashsale.local.template.Specs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ApiRouteTest {

    private final ApiRoute purchases = new ApiRoute(
            new Specs.Route("AdmissionFunction", "POST", "/api/sales/{saleId}/purchases", false));

    @Test
    void match_shouldExtractDecodedPathParameters_whenPathFits() {
        assertEquals(Map.of("saleId", "big sale"), purchases.match("/api/sales/big%20sale/purchases"));
    }

    @Test
    void match_shouldBeNull_whenSegmentsDiffer() {
        assertNull(purchases.match("/api/sales/demo"));
        assertNull(purchases.match("/api/sales/a/b/purchases"));
    }
}
