package dev.flashsale.admission;

import dev.flashsale.adapters.http.JsonShape;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /api/orders/{orderId}/payment} body: the shopper's payment method token. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentBody(String method) {

    static final int MAX_METHOD_LENGTH = 64;

    static final JsonShape SHAPE = JsonShape.object().string("method");

    boolean isValid() {
        return method != null && !method.isBlank() && method.length() <= MAX_METHOD_LENGTH;
    }
}
