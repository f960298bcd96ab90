package dev.flashsale.admission;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.http.ApiResponses;
import dev.flashsale.adapters.http.PublicApi;
import dev.flashsale.adapters.aws.Priming;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;

/**
 * The admission function: the shopper's API (sale, purchase, order status) behind API Gateway.
 * Thin on purpose: the event goes to {@link PublicApi}, which maps it to the domain and back.
 */
public class AdmissionHandler
        extends MicronautRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final PublicApi api;
    private final ApiResponses responses;

    /** Used by the Lambda runtime: builds the application context from the environment. */
    public AdmissionHandler() {
        this.api = getApplicationContext().getBean(PublicApi.class);
        this.responses = getApplicationContext().getBean(ApiResponses.class);
        getApplicationContext().getBean(Priming.class).prime(); // before a SnapStart snapshot
    }

    /** Used by tests and the local runner, which bring their own context. */
    public AdmissionHandler(ApplicationContext context) {
        super(context);
        this.api = context.getBean(PublicApi.class);
        this.responses = context.getBean(ApiResponses.class);
        context.getBean(Priming.class).prime();
    }

    @Override
    public APIGatewayProxyResponseEvent execute(APIGatewayProxyRequestEvent event) {
        return responses.guard(() -> api.handle(event));
    }
}
