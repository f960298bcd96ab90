package dev.flashsale.core.purchase;

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

    /** An order id made of the first 16 bytes of a keyed hash, in the same form (UUID version 8). */
    public static String fromHash(byte[] hash) {
        if (hash.length < 16) {
            throw new IllegalArgumentException("need 16 bytes");
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (hash[i] & 0xff);
            low = (low << 8) | (hash[8 + i] & 0xff);
        }
        high = (high & ~0xF000L) | 0x8000L;               // version 8: custom
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }

    public static boolean isWellFormed(String orderId) {
        return orderId != null && FORM.matcher(orderId).matches();
    }
}
