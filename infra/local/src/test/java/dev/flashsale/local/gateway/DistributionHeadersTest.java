package dev.flashsale.local.gateway;

import com.sun.net.httpserver.Headers;
import dev.flashsale.local.template.Specs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DistributionHeadersTest {

    private static final DistributionHeaders HEADERS = new DistributionHeaders(List.of(
            new Specs.BehaviourHeaders("/api/sales/*/me", List.of(new Specs.ResponseHeader("X-Who", "me", true))),
            new Specs.BehaviourHeaders("/api/*", List.of(
                    new Specs.ResponseHeader("X-Frame-Options", "DENY", true),
                    new Specs.ResponseHeader("X-Kept", "policy", false),
                    new Specs.ResponseHeader("Server", null, true))),
            new Specs.BehaviourHeaders("*", List.of(new Specs.ResponseHeader("X-Page", "yes", true)))));

    @Test
    void apply_shouldUseTheFirstMatchingBehaviourOnly_whenSeveralPatternsMatch() {
        Headers headers = new Headers();

        HEADERS.apply("/api/sales/s1/me", headers);

        assertEquals("me", headers.getFirst("X-Who"));
        assertNull(headers.getFirst("X-Frame-Options"));
        assertNull(headers.getFirst("X-Page"));
    }

    @Test
    void apply_shouldOverrideRemoveAndKeepAsThePolicySays_whenTheOriginSentItsOwn() {
        Headers headers = new Headers();
        headers.set("X-Frame-Options", "SAMEORIGIN");
        headers.set("X-Kept", "origin");
        headers.set("Server", "function");

        HEADERS.apply("/api/sales/s1", headers);

        assertEquals(List.of("DENY"), headers.get("X-Frame-Options"));
        assertEquals(List.of("origin"), headers.get("X-Kept"));
        assertNull(headers.getFirst("Server"));
    }

    @Test
    void apply_shouldUseTheDefaultBehaviour_whenNoPatternMatches() {
        Headers headers = new Headers();

        HEADERS.apply("/index.html", headers);

        assertEquals("yes", headers.getFirst("X-Page"));
        assertNull(headers.getFirst("X-Kept"));
    }
}
