package dev.flashsale.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.http.ApiResponses;
import dev.flashsale.adapters.http.Routes;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderPage;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.SaleOrders;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/admin/sales/{saleId}/orders?status=S&limit=N&after=CURSOR}: a sale's orders for the operator
 * (the winners' list), a page at a time; follow {@code next} until it is null.
 */
@Singleton
public class SaleOrdersApi {

    static final String ORDERS = "/api/admin/sales/{saleId}/orders";
    static final int DEFAULT_PAGE = 500;

    /** One page. */
    @Serdeable
    public record Listing(String saleId, List<View> orders, String next) {
    }

    /** One order: what ops need to fulfil it. */
    @Serdeable
    public record View(String orderId, String userId, String status, int quantity, String createdAt, String payBy,
                       String reason) {
        static View of(Order order) {
            return new View(order.orderId(), order.userId(), order.status().name(), order.quantity(),
                    order.createdAt().toString(), order.payBy() == null ? null : order.payBy().toString(),
                    order.reason() == null ? null : order.reason().name());
        }
    }

    private final SaleOrders saleOrders;
    private final ApiResponses responses;
    private final Routes routes;

    public SaleOrdersApi(SaleOrders saleOrders, ApiResponses responses) {
        this.saleOrders = saleOrders;
        this.responses = responses;
        this.routes = new Routes(responses).on("GET", ORDERS, this::list);
    }

    public boolean serves(APIGatewayProxyRequestEvent event) {
        return routes.serves(event);
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        return routes.handle(event);
    }

    private APIGatewayProxyResponseEvent list(APIGatewayProxyRequestEvent event) {
        String saleId = Routes.path(event, "saleId");
        String statusText = Routes.query(event, "status");
        Optional<OrderStatus> status = statusText == null ? Optional.empty() : Arrays.stream(OrderStatus.values())
                .filter(s -> s.name().equalsIgnoreCase(statusText)).findFirst();
        if (statusText != null && status.isEmpty()) {
            return responses.error(Refusal.INVALID_REQUEST, "status must be one of "
                    + Arrays.toString(OrderStatus.values()));
        }
        int limit;
        try {
            String limitText = Routes.query(event, "limit");
            limit = limitText == null ? DEFAULT_PAGE : Integer.parseInt(limitText);
        } catch (NumberFormatException notANumber) {
            limit = -1;
        }
        if (limit < 1 || limit > SaleOrders.MAX_PAGE) {
            return responses.error(Refusal.INVALID_REQUEST, "limit must be a whole number 1.." + SaleOrders.MAX_PAGE);
        }
        String after = Routes.query(event, "after");
        if (after != null && (after.length() > 200 || !after.matches("[A-Za-z0-9_-]+"))) {
            return responses.error(Refusal.INVALID_REQUEST, "after must be the next value of the previous page");
        }
        Optional<OrderPage> page;
        try {
            page = saleOrders.page(saleId, status.orElse(null), after, limit);
        } catch (IllegalArgumentException notACursor) {
            return responses.error(Refusal.INVALID_REQUEST, "after must be the next value of the previous page");
        }
        return page.map(p -> responses.json(200, new Listing(saleId, p.orders().stream().map(View::of).toList(),
                        p.next()), ApiResponses.NO_STORE))
                .orElseGet(() -> responses.error(Refusal.SALE_NOT_FOUND));
    }

}
