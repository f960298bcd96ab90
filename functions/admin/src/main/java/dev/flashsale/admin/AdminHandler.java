package dev.flashsale.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.http.ApiResponses;
import dev.flashsale.adapters.wiring.FunctionHandler;
import io.micronaut.context.ApplicationContext;

/**
 * The admin function: creating and replacing sales, and their reports (IAM-authorised in AWS).
 * Thin on purpose: the event goes to {@link AdminApi}, which maps it to the domain and back.
 */
public class AdminHandler
        extends FunctionHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final AdminApi api;
    private final DeadLetterApi deadLetters;
    private final SaleOrdersApi orders;
    private final ApiResponses responses;

    /** Used by the Lambda runtime: builds the application context from the environment. */
    public AdminHandler() {
        this.api = bean(AdminApi.class);
        this.deadLetters = bean(DeadLetterApi.class);
        this.orders = bean(SaleOrdersApi.class);
        this.responses = bean(ApiResponses.class);
        prime(); // before a SnapStart snapshot
    }

    /** Used by tests and the local runner, which bring their own context. */
    public AdminHandler(ApplicationContext context) {
        super(context);
        this.api = bean(AdminApi.class);
        this.deadLetters = bean(DeadLetterApi.class);
        this.orders = bean(SaleOrdersApi.class);
        this.responses = bean(ApiResponses.class);
        prime();
    }

    @Override
    protected String apiRequestId(APIGatewayProxyRequestEvent event) {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        return responses.guard(() -> deadLetters.serves(event) ? deadLetters.handle(event)
                : orders.serves(event) ? orders.handle(event) : api.handle(event));
    }
}
