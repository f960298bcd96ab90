package dev.flashsale.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import java.util.Map;

/** The proxy events API Gateway sends, built the way the local gateway builds them. */
final class Events {

    private Events() {
    }

    /**
     * A shopper's purchase as CloudFront forwards it, with the origin headers it adds ({@code edgeHeaders}), and as
     * the gateway hands it on after verifying the shopper's token: with its {@code claims}
     * ({@link dev.flashsale.local.LocalSystem#shopperClaims}).
     */
    static APIGatewayProxyRequestEvent purchase(String saleId, Map<String, String> claims,
                                                Map<String, String> edgeHeaders) {
        APIGatewayProxyRequestEvent event = api("POST", "/api/sales/{saleId}/purchases",
                "/api/sales/" + saleId + "/purchases", Map.of("saleId", saleId));
        Map<String, String> headers = new java.util.HashMap<>(event.getHeaders());
        headers.putAll(edgeHeaders);
        event.setHeaders(headers);
        event.getRequestContext().setAuthorizer(Map.of("claims", claims));
        event.setBody("{\"quantity\":1}");
        return event;
    }

    static APIGatewayProxyRequestEvent sale(String saleId) {
        return api("GET", "/api/sales/{saleId}", "/api/sales/" + saleId, Map.of("saleId", saleId));
    }

    static APIGatewayProxyRequestEvent adminSale(String saleId) {
        return api("GET", "/api/admin/sales/{saleId}", "/api/admin/sales/" + saleId, Map.of("saleId", saleId));
    }

    private static APIGatewayProxyRequestEvent api(String method, String resource, String path,
                                                   Map<String, String> pathParameters) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setHttpMethod(method);
        event.setResource(resource);
        event.setPath(path);
        event.setPathParameters(pathParameters);
        event.setHeaders(Map.of("Content-Type", "application/json"));
        event.setIsBase64Encoded(false);
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setSourceIp("127.0.0.1");
        context.setIdentity(identity);
        context.setHttpMethod(method);
        context.setResourcePath(resource);
        context.setRequestTimeEpoch(System.currentTimeMillis());
        event.setRequestContext(context);
        return event;
    }
}
