package dev.flashsale.adapters.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/**
 * Who is buying, as API Gateway's Cognito authorizer vouches for it: the verified token's {@code sub} in
 * {@code requestContext.authorizer.claims}. The function never verifies tokens itself (the authorizer did, and
 * refused the request with 401 otherwise) and never believes an id from the body or the query.
 */
@Singleton
public class ShopperIdentity {

    public Optional<String> of(APIGatewayProxyRequestEvent event) {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
            return Optional.empty();
        }
        Object claims = event.getRequestContext().getAuthorizer().get("claims");
        if (!(claims instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        Object sub = map.get("sub");
        return sub instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
    }
}
