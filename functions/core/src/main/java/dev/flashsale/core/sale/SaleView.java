package dev.flashsale.core.sale;

import java.time.Instant;

/** A sale as the shopper's page shows it at one instant. */
public record SaleView(Sale sale, SaleStatus status, Instant serverTime, long remaining) {
}
