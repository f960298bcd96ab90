package dev.flashsale.admin;

import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /api/admin/sales/{saleId}/stock-sync}: whether the stock cache was rebuilt from the authoritative
 * ledger ({@code false} when the ledger is the authority itself), and the units it now offers.
 */
@Serdeable
public record StockSync(String saleId, boolean rebuilt, long remaining) {
}
