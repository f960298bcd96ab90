package dev.flashsale.local.gateway;

import dev.flashsale.local.template.StackTemplate;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayResponsesTest {

    private static GatewayResponses ofTemplate() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        return new GatewayResponses(StackTemplate.read(root.resolve("template.yaml"), Map.of()).gatewayResponses());
    }

    @Test
    void render_shouldUseTheTemplatesJsonErrorShape_whenASignatureIsRefused() throws Exception {
        // when
        GatewayResponses.Answer answer = ofTemplate().render("INVALID_SIGNATURE", "Signature expired: \"then\"");

        // then
        assertEquals(403, answer.status());
        assertEquals("{\"error\":\"INVALID_SIGNATURE\",\"message\":\"Signature expired: \\\"then\\\"\"}", answer.body());
        assertEquals("InvalidSignatureException", answer.headers().get("x-amzn-ErrorType"));
    }

    @Test
    void render_shouldFallBackToAwsMessageShape_whenTheTemplateHasNoResponses() {
        GatewayResponses.Answer answer = new GatewayResponses(Map.of()).render("MISSING_AUTHENTICATION_TOKEN",
                "Missing Authentication Token");

        assertEquals(403, answer.status());
        assertEquals("{\"message\":\"Missing Authentication Token\"}", answer.body());
    }

    @Test
    void render_shouldTakeTheDefault4xxTemplate_whenTheTypeHasNone() {
        GatewayResponses responses = new GatewayResponses(Map.of("DEFAULT_4XX", Map.of(
                "ResponseTemplates", Map.of("application/json", "{\"error\":\"X\",\"message\":$context.error.messageString}"),
                "ResponseParameters", Map.of("Headers", Map.of("Retry-After", "'1'")))));

        GatewayResponses.Answer answer = responses.render("ACCESS_DENIED", "no");

        assertEquals(403, answer.status());
        assertEquals("{\"error\":\"X\",\"message\":\"no\"}", answer.body());
        assertEquals("1", answer.headers().get("Retry-After"));
    }
}
