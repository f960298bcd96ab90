package dev.flashsale.adapters.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.flashsale.core.sale.Account;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Who is buying, as API Gateway's Cognito authorizer vouches for it: the verified token's {@code sub} in
 * {@code requestContext.authorizer.claims}. The function never verifies tokens itself (the authorizer did, and
 * refused the request with 401 otherwise) and never believes an id from the body or the query.
 */
@Singleton
public class ShopperIdentity {

    /**
     * The claim that says when the account was created, in epoch seconds: Cognito puts no creation time in its
     * tokens, so the user pool's post-confirmation trigger writes this custom attribute (which the app client may
     * read but not write), and Cognito copies it into every ID token. The local sign-in stamps it the same way.
     */
    public static final String CREATED_AT_CLAIM = "custom:created_at";
    /** Cognito's own claim, "true" once the shopper confirmed the code sent to their address. */
    public static final String EMAIL_VERIFIED_CLAIM = "email_verified";

    public Optional<String> of(APIGatewayProxyRequestEvent event) {
        Map<?, ?> map = claims(event);
        Object sub = map.get("sub");
        return sub instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
    }

    /**
     * What the verified token says of the account; {@link Account#UNKNOWN} in what it does not say. The
     * authorizer hands every claim over as a string ({@code "true"}, {@code "1796680000"}).
     */
    public Account account(APIGatewayProxyRequestEvent event) {
        Map<?, ?> map = claims(event);
        Instant createdAt = null;
        if (map.get(CREATED_AT_CLAIM) instanceof String seconds) {
            try {
                createdAt = Instant.ofEpochSecond(Long.parseLong(seconds.strip()));
            } catch (NumberFormatException | java.time.DateTimeException e) {
                createdAt = null; // not vouched for: as if absent
            }
        }
        Object verified = map.get(EMAIL_VERIFIED_CLAIM);
        return new Account(createdAt, "true".equalsIgnoreCase(String.valueOf(verified)));
    }

    private static Map<?, ?> claims(APIGatewayProxyRequestEvent event) {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
            return Map.of();
        }
        Object claims = event.getRequestContext().getAuthorizer().get("claims");
        return claims instanceof Map<?, ?> map ? map : Map.of();
    }
}
