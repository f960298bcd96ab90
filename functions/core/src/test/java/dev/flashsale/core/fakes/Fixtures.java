package dev.flashsale.core.fakes;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.sale.Product;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The sales, reservations and orders the core's tests share, around one fixed moment. */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private Fixtures() {
    }

    /** Sale {@code drop}, open for an hour either side of {@link #NOW}, with a payment window (0: none). */
    public static Sale saleWithWindow(int paymentMinutes) {
        return new Sale("drop", "Drop", 10, NOW.minusSeconds(3600), NOW.plusSeconds(3600), 1, 2,
                Protection.DEFAULTS, new Product("Sneakers", 8900, "EUR"), paymentMinutes);
    }

    /** A sale open since a minute before {@link #NOW} for a day, one unit per shopper, one shard. */
    public static Sale openSale(String id, int stock, Protection protection) {
        return new Sale(id, id, stock, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)), 1, 1, protection);
    }

    public static Reservation reservation(String userId) {
        return new Reservation(UUID.randomUUID().toString(), "drop", userId, 1, 0, NOW.minusSeconds(5));
    }

    public static Order confirmed(String userId, Instant payBy) {
        return Order.confirmed(reservation(userId)).payableUntil(payBy);
    }
}
