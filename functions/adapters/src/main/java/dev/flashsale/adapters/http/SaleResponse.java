package dev.flashsale.adapters.http;

import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleView;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /api/sales/{saleId}}. Instants are ISO-8601 UTC strings. */
@Serdeable
public record SaleResponse(
        String saleId,
        String name,
        String status,
        String startsAt,
        String endsAt,
        String serverTime,
        int stock,
        long remaining,
        int perUserLimit,
        ProtectionBody protection) {

    public static SaleResponse of(SaleView view) {
        Sale sale = view.sale();
        return new SaleResponse(sale.id(), sale.name(), view.status().name(), sale.startsAt().toString(),
                sale.endsAt().toString(), view.serverTime().toString(), sale.stock(), view.remaining(),
                sale.perUserLimit(), ProtectionBody.of(sale.protection()));
    }
}
