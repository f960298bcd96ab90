package dev.flashsale.admin;

import dev.flashsale.adapters.http.ApiResponses;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.core.deadletter.DeadLetter;
import dev.flashsale.core.port.DeadLetters;
import dev.flashsale.core.purchase.Refusal;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The operator's dead-letter routes (IAM-authorised in AWS, loopback-only locally): {@code GET} lists the order
 * queue's dead letters, {@code POST .../redrive} moves them back to the order queue after a fix.
 */
@Singleton
public class DeadLetterApi {

    static final String DEAD_LETTERS = "/api/admin/dead-letters";
    static final String REDRIVE = "/api/admin/dead-letters/redrive";
    /** One call lists or moves at most this many; call again for more. */
    static final int MAX_PER_CALL = 500;

    /** {@code GET /api/admin/dead-letters}. */
    @Serdeable
    public record Listing(long queued, List<View> messages) {
    }

    /** One dead letter: ids and timing only. */
    @Serdeable
    public record View(String messageId, String orderId, String saleId, String sentAt, int receives) {
        static View of(DeadLetter letter) {
            return new View(letter.messageId(), letter.orderId(), letter.saleId(),
                    letter.sentAt() == null ? null : letter.sentAt().toString(), letter.receives());
        }
    }

    /** {@code POST /api/admin/dead-letters/redrive}. */
    @Serdeable
    public record Redriven(int redriven, long left) {
    }

    private final DeadLetters deadLetters;
    private final ApiResponses responses;

    public DeadLetterApi(DeadLetters deadLetters, ApiResponses responses) {
        this.deadLetters = deadLetters;
        this.responses = responses;
    }

    public boolean serves(APIGatewayProxyRequestEvent event) {
        String resource = String.valueOf(event.getResource());
        return DEAD_LETTERS.equals(resource) || REDRIVE.equals(resource);
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        String method = String.valueOf(event.getHttpMethod());
        if (DEAD_LETTERS.equals(event.getResource())) {
            if (!"GET".equals(method)) {
                return responses.error(Refusal.METHOD_NOT_ALLOWED);
            }
            List<View> messages = deadLetters.list(MAX_PER_CALL).stream().map(View::of).toList();
            return responses.json(200, new Listing(Math.max(messages.size(), deadLetters.count()), messages),
                    ApiResponses.NO_STORE);
        }
        if (!"POST".equals(method)) {
            return responses.error(Refusal.METHOD_NOT_ALLOWED);
        }
        int moved = deadLetters.redrive(MAX_PER_CALL);
        return responses.json(200, new Redriven(moved, deadLetters.count()), ApiResponses.NO_STORE);
    }
}
