package dev.flashsale.adapters.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.flashsale.adapters.config.OriginSecret;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Who the caller is, as the gateway vouches for it. Behind CloudFront that is the viewer address CloudFront adds
 * ({@code CloudFront-Viewer-Address}), believed only when the request also carries CloudFront's secret origin
 * header; otherwise the address API Gateway saw. {@code X-Forwarded-For} is the client's to write, so it is never
 * used.
 */
@Singleton
public class ClientAddresses {

    static final String ORIGIN_HEADER = "X-Origin-Verify";
    static final String VIEWER_HEADER = "CloudFront-Viewer-Address";

    private final OriginSecret originSecret;

    public ClientAddresses(@Named("origin") OriginSecret originSecret) {
        this.originSecret = originSecret;
    }

    public String of(APIGatewayProxyRequestEvent event) {
        Map<String, String> headers = event.getHeaders();
        String viewer = header(headers, VIEWER_HEADER);
        if (viewer != null && originSecret.isPresentIn(header(headers, ORIGIN_HEADER))) {
            // "203.0.113.7:46532" or "2001:db8::7:46532": the port follows the last colon.
            int colon = viewer.lastIndexOf(':');
            String address = colon > 0 ? viewer.substring(0, colon) : viewer;
            return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        }
        if (event.getRequestContext() != null && event.getRequestContext().getIdentity() != null) {
            return event.getRequestContext().getIdentity().getSourceIp();
        }
        return null;
    }

    public static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
