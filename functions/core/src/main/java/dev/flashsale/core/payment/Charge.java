package dev.flashsale.core.payment;

import java.util.Objects;

/** What a provider is asked to charge, once per order id. {@code method} is the shopper's payment method token. */
public record Charge(String orderId, long amountCents, String currency, String method) {

    public Charge {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(method, "method");
    }
}
