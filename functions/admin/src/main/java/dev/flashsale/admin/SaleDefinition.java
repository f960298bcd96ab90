package dev.flashsale.admin;

import dev.flashsale.adapters.http.ProtectionBody;
import dev.flashsale.core.sale.Sale;
import io.micronaut.serde.annotation.Serdeable;

/** A sale definition as the admin API returns it. */
@Serdeable
public record SaleDefinition(
        String saleId,
        String name,
        int stock,
        String startsAt,
        String endsAt,
        int perUserLimit,
        int shards,
        ProtectionBody protection,
        String description,
        long priceCents,
        String currency,
        int paymentMinutes) {

    public static SaleDefinition of(Sale sale) {
        return new SaleDefinition(sale.id(), sale.name(), sale.stock(), sale.startsAt().toString(),
                sale.endsAt().toString(), sale.perUserLimit(), sale.shards(), ProtectionBody.of(sale.protection()),
                sale.product().description(), sale.product().priceCents(), sale.product().currency(),
                sale.paymentMinutes());
    }
}
