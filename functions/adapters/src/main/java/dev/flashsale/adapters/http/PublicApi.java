package dev.flashsale.adapters.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.core.order.OrderLookup;
import dev.flashsale.core.purchase.Admission;
import dev.flashsale.core.purchase.PurchaseAdmission;
import dev.flashsale.core.purchase.PurchaseRequest;
import dev.flashsale.core.purchase.Refusal;
import dev.flashsale.core.sale.SaleQuery;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The shopper's routes, mapped from API Gateway proxy events to the domain and back. Routes are matched on the
 * event's {@code resource}: the path template that {@code template.yaml} declares and API Gateway reports.
 */
@Singleton
public class PublicApi {

    static final String SALE = "/api/sales/{saleId}";
    static final String PURCHASES = "/api/sales/{saleId}/purchases";
    static final String ORDER = "/api/orders/{orderId}";
    /** The edge may serve a sale for one second: the refresh storm hits CloudFront, not the function. */
    static final String SALE_CACHE_CONTROL = "public, max-age=1";

    private final SaleQuery saleQuery;
    private final PurchaseAdmission admission;
    private final OrderLookup orders;
    private final RequestBodies bodies;
    private final ApiResponses responses;

    public PublicApi(SaleQuery saleQuery, PurchaseAdmission admission, OrderLookup orders,
                     RequestBodies bodies, ApiResponses responses) {
        this.saleQuery = saleQuery;
        this.admission = admission;
        this.orders = orders;
        this.bodies = bodies;
        this.responses = responses;
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        String resource = String.valueOf(event.getResource());
        String method = String.valueOf(event.getHttpMethod());
        Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        switch (resource) {
            case SALE:
                return "GET".equals(method) ? sale(path.get("saleId")) : responses.error(Refusal.METHOD_NOT_ALLOWED);
            case PURCHASES:
                return "POST".equals(method) ? purchase(path.get("saleId"), event)
                        : responses.error(Refusal.METHOD_NOT_ALLOWED);
            case ORDER:
                return "GET".equals(method) ? order(path.get("orderId")) : responses.error(Refusal.METHOD_NOT_ALLOWED);
            default:
                return responses.error(Refusal.NOT_FOUND);
        }
    }

    private APIGatewayProxyResponseEvent sale(String saleId) {
        return saleQuery.view(saleId)
                .map(view -> responses.json(200, SaleResponse.of(view), SALE_CACHE_CONTROL))
                .orElseGet(() -> responses.error(Refusal.SALE_NOT_FOUND));
    }

    private APIGatewayProxyResponseEvent purchase(String saleId, APIGatewayProxyRequestEvent event) {
        RequestBodies.Read<PurchaseBody> read = bodies.read(event, PurchaseBody.class);
        if (read.problem() == RequestBodies.Problem.TOO_LARGE) {
            return responses.error(Refusal.PAYLOAD_TOO_LARGE);
        }
        if (read.problem() != null) {
            return responses.error(Refusal.INVALID_REQUEST, "The body must be JSON: {\"userId\": \"...\", \"quantity\": 1}.");
        }
        Admission result = admission.purchase(saleId, new PurchaseRequest(read.value().userId(), read.value().quantity()));
        if (result instanceof Admission.Admitted admitted) {
            return responses.json(202, new PurchaseAccepted(admitted.orderId(), "PENDING"), ApiResponses.NO_STORE);
        }
        Admission.Refused refused = (Admission.Refused) result;
        return responses.error(refused.refusal(), refused.message());
    }

    private APIGatewayProxyResponseEvent order(String orderId) {
        return orders.find(orderId)
                .map(order -> responses.json(200, OrderResponse.of(order), ApiResponses.NO_STORE))
                .orElseGet(() -> responses.error(Refusal.ORDER_NOT_FOUND));
    }
}
