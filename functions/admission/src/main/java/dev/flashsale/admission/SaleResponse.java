package dev.flashsale.admission;

import dev.flashsale.adapters.http.ProtectionBody;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleView;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /api/sales/{saleId}}. Instants are ISO-8601 UTC strings. */
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
        ProtectionBody protection,
        boolean challengeRequired,
        int paymentMinutes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long waitMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) String buyableAt) {

    /** {@code waitMillis}: the shopper's own delay after the opening (jitter); null when no user was named. */
    public static SaleResponse of(SaleView view, boolean challengeRequired, Long waitMillis) {
        Sale sale = view.sale();
        return new SaleResponse(sale.id(), sale.name(), sale.product().description(), sale.product().priceCents(),
                sale.product().currency(), view.status().name(), sale.startsAt().toString(),
                sale.endsAt().toString(), view.serverTime().toString(), sale.stock(), view.remaining(),
                sale.perUserLimit(), ProtectionBody.of(sale.protection()), challengeRequired, sale.paymentMinutes(), waitMillis,
                waitMillis == null ? null : sale.startsAt().plusMillis(waitMillis).toString());
    }
}
