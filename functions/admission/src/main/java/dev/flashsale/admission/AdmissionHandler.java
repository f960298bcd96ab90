package dev.flashsale.admission;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.wiring.Priming;
import dev.flashsale.adapters.http.ApiResponses;
import dev.flashsale.adapters.http.PurchaseBody;
import dev.flashsale.adapters.observability.AdmissionMetrics;
import dev.flashsale.adapters.wiring.FunctionHandler;
import io.micronaut.context.ApplicationContext;

/**
 * The admission function: the shopper's API (sale, purchase, order status) behind API Gateway.
 * Thin on purpose: the event goes to {@link PublicApi}, which maps it to the domain and back.
 */
public class AdmissionHandler
        extends FunctionHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** The body the hot path reads, primed before a snapshot. */
    private static final Priming.JsonSample PURCHASE =
            new Priming.JsonSample(PurchaseBody.class, "{\"userId\":\"priming\",\"quantity\":1}");

    private final PublicApi api;
    private final ApiResponses responses;
    private final AdmissionMetrics metrics;

    /** Used by the Lambda runtime: builds the application context from the environment. */
    public AdmissionHandler() {
        this.api = bean(PublicApi.class);
        this.responses = bean(ApiResponses.class);
        this.metrics = bean(AdmissionMetrics.class);
        prime(PURCHASE); // before a SnapStart snapshot
    }

    /** Used by tests and the local runner, which bring their own context. */
    public AdmissionHandler(ApplicationContext context) {
        super(context);
        this.api = bean(PublicApi.class);
        this.responses = bean(ApiResponses.class);
        this.metrics = bean(AdmissionMetrics.class);
        prime(PURCHASE);
    }

    /** This invocation's counts go out now: the container may be frozen next and never thawed. */
    @Override
    protected void afterInvocation() {
        metrics.flushNow();
    }

    @Override
    protected String apiRequestId(APIGatewayProxyRequestEvent event) {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        return responses.guard(() -> api.handle(event));
    }
}
