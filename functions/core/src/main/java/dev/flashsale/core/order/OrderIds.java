package dev.flashsale.core.order;

import java.util.UUID;
import java.util.regex.Pattern;

/** Order ids are random UUIDs: unguessable, so an order id is all a shopper needs to follow an order. */
public final class OrderIds {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private OrderIds() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }

    public static boolean isWellFormed(String orderId) {
        return orderId != null && FORM.matcher(orderId).matches();
    }
}
