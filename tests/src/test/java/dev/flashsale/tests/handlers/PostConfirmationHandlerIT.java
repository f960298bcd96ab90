package dev.flashsale.tests.handlers;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import dev.flashsale.accounts.PostConfirmationHandler;
import dev.flashsale.core.port.AccountAttributes;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Issue 21, finding 4: the user pool's post-confirmation trigger, with the template's environment for it, driven by
 * recorded Cognito events (JSON fixtures): a confirmed sign-up is stamped once with custom:created_at, by the
 * administrator's call on the event's pool and user; a confirmed password reset is not; the event goes back as the
 * trigger's answer. The pool itself is a recording stand-in (there is no Cognito here).
 */
class PostConfirmationHandlerIT {

    private static final Instant NOW = Instant.parse("2026-12-08T03:30:00Z");
    private static final List<String> WRITES = new CopyOnWriteArrayList<>();
    private static ApplicationContext context;
    private static PostConfirmationHandler handler;

    @BeforeAll
    static void start() throws Exception {
        ApplicationContext notStarted = LocalCloudFixture.builderOf("PostConfirmationFunction", Map.of());
        notStarted.registerBeanDefinition(RuntimeBeanDefinition.builder(AccountAttributes.class,
                () -> (AccountAttributes) (pool, user, name, value) -> WRITES.add(pool + " " + user + " " + name
                        + "=" + value)).replaces(AccountAttributes.class).build());
        notStarted.registerBeanDefinition(RuntimeBeanDefinition.builder(Clock.class,
                () -> Clock.fixed(NOW, ZoneOffset.UTC)).replaces(Clock.class).build());
        context = notStarted.start();
        handler = new PostConfirmationHandler(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void clear() {
        WRITES.clear();
    }

    /** The fixture as the Lambda runtime gives it to the handler. */
    @SuppressWarnings("unchecked")
    private static CognitoUserPoolPostConfirmationEvent fixture(String name) throws Exception {
        try (InputStream in = PostConfirmationHandlerIT.class.getResourceAsStream("/events/" + name)) {
            Map<String, Object> json = context.getBean(JsonMapper.class).readValue(in.readAllBytes(),
                    Argument.mapOf(String.class, Object.class));
            Map<String, Object> caller = (Map<String, Object>) json.get("callerContext");
            Map<String, String> attributes = (Map<String, String>) ((Map<String, Object>) json.get("request"))
                    .get("userAttributes");
            return CognitoUserPoolPostConfirmationEvent.builder()
                    .withVersion((String) json.get("version"))
                    .withRegion((String) json.get("region"))
                    .withUserPoolId((String) json.get("userPoolId"))
                    .withUserName((String) json.get("userName"))
                    .withTriggerSource((String) json.get("triggerSource"))
                    .withCallerContext(com.amazonaws.services.lambda.runtime.events.CognitoUserPoolEvent.CallerContext
                            .builder().withAwsSdkVersion((String) caller.get("awsSdkVersion"))
                            .withClientId((String) caller.get("clientId")).build())
                    .withRequest(CognitoUserPoolPostConfirmationEvent.Request.builder()
                            .withUserAttributes(new java.util.HashMap<>(attributes)).build())
                    .build();
        }
    }

    @Test
    void handleRequest_shouldStampTheAccountOnce_whenItsSignUpIsConfirmed() throws Exception {
        // given
        CognitoUserPoolPostConfirmationEvent event = fixture("post-confirmation-sign-up.json");

        // when
        CognitoUserPoolPostConfirmationEvent answer = handler.handleRequest(event, null);

        // then
        assertSame(event, answer, "Cognito takes the event back as the trigger's answer");
        assertEquals(List.of("us-east-1_Ab129faBb 4e8c5c4a-7f1d-4a2b-9d3e-0f1a2b3c4d5e custom:created_at="
                + NOW.getEpochSecond()), WRITES);
    }

    @Test
    void handleRequest_shouldWriteNothing_whenAPasswordResetIsConfirmed() throws Exception {
        handler.handleRequest(fixture("post-confirmation-forgot-password.json"), null);

        assertEquals(List.of(), WRITES);
    }

    @Test
    void handleRequest_shouldKeepTheStamp_whenTheAccountHasOne() throws Exception {
        CognitoUserPoolPostConfirmationEvent event = fixture("post-confirmation-sign-up.json");
        event.getRequest().getUserAttributes().put("custom:created_at", "1700000000");

        handler.handleRequest(event, null);

        assertEquals(List.of(), WRITES);
    }
}
