package dev.flashsale.admission;

import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleView;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /api/sales/{saleId}}: only what every shopper may see, the same for all (one cache entry at the edge).
 * No protection value (thresholds, minimum answer time, difficulty, jitter) and no shopper's own start: a script
 * would time itself by the one and pick an account by the other. The signed-in shopper's own start is
 * {@code GET /api/sales/{saleId}/me} ({@link MyStartResponse}). Instants are ISO-8601 UTC strings.
 */
@Serdeable
public record SaleResponse(
        String saleId,
        String name,
        String description,
        long priceCents,
        String currency,
        String status,
        String startsAt,
        String endsAt,
        String serverTime,
        int stock,
        long remaining,
        int perUserLimit,
        boolean challengeRequired,
        int paymentMinutes) {

    public static SaleResponse of(SaleView view, boolean challengeRequired) {
        Sale sale = view.sale();
        return new SaleResponse(sale.id(), sale.name(), sale.product().description(), sale.product().priceCents(),
                sale.product().currency(), view.status().name(), sale.startsAt().toString(),
                sale.endsAt().toString(), view.serverTime().toString(), sale.stock(), view.remaining(),
                sale.perUserLimit(), challengeRequired, sale.paymentMinutes());
    }
}
