package dev.flashsale.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.http.ApiResponses;
import dev.flashsale.adapters.http.Routes;
import dev.flashsale.core.deadletter.DeadLetter;
import dev.flashsale.core.deadletter.DeadLetterRedrive;
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

    private final DeadLetterRedrive deadLetters;
    private final ApiResponses responses;
    private final Routes routes;

    public DeadLetterApi(DeadLetterRedrive deadLetters, ApiResponses responses) {
        this.deadLetters = deadLetters;
        this.responses = responses;
        this.routes = new Routes(responses)
                .on("GET", DEAD_LETTERS, event -> list())
                .on("POST", REDRIVE, event -> redrive());
    }

    public boolean serves(APIGatewayProxyRequestEvent event) {
        return routes.serves(event);
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        return routes.handle(event);
    }

    private APIGatewayProxyResponseEvent list() {
        DeadLetterRedrive.Listing listing = deadLetters.list(MAX_PER_CALL);
        return responses.json(200, new Listing(listing.queued(), listing.letters().stream().map(View::of).toList()),
                ApiResponses.NO_STORE);
    }

    private APIGatewayProxyResponseEvent redrive() {
        DeadLetterRedrive.Redriven redriven = deadLetters.redrive(MAX_PER_CALL);
        return responses.json(200, new Redriven(redriven.redriven(), redriven.left()), ApiResponses.NO_STORE);
    }
}
