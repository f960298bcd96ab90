package dev.flashsale.adapters.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.config.OriginSecret;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * When the stack sits behind CloudFront ({@code FLASHSALE_ORIGIN_SECRET_REQUIRED}), the shopper routes answer only
 * requests that carry CloudFront's secret origin header: a call to the {@code execute-api} endpoint directly would
 * skip the edge cache, the WAF and the viewer address, so it is refused (403) before any work is done.
 */
@Singleton
public class OriginCheck {

    static final String DIRECT_ACCESS = "DIRECT_ACCESS";

    private final boolean required;
    private final OriginSecret secret;
    private final ApiResponses responses;

    public OriginCheck(FlashsaleSettings settings, @Named("origin") OriginSecret secret, ApiResponses responses) {
        this.required = settings.isOriginSecretRequired();
        this.secret = secret;
        this.responses = responses;
        if (required && !secret.isConfigured()) {
            throw new ConfigurationException("FLASHSALE_ORIGIN_SECRET_REQUIRED=true needs FLASHSALE_ORIGIN_SECRET_ID "
                    + "(or FLASHSALE_ORIGIN_SECRET)");
        }
    }

    /** A 403 for a request that did not come through CloudFront, when that is required; empty otherwise. */
    public Optional<APIGatewayProxyResponseEvent> refusal(APIGatewayProxyRequestEvent event) {
        if (!required || secret.isPresentIn(ClientAddresses.header(event.getHeaders(), ClientAddresses.ORIGIN_HEADER))) {
            return Optional.empty();
        }
        return Optional.of(responses.json(403, new ErrorBody(DIRECT_ACCESS,
                "This API is served through the site's CloudFront distribution only."), ApiResponses.NO_STORE));
    }
}
