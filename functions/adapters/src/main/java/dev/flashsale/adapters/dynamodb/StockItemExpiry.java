package dev.flashsale.adapters.dynamodb;

import dev.flashsale.core.sale.Sale;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;

import static dev.flashsale.adapters.dynamodb.Items.n;

/**
 * When a sale's items in the stock table may go: the table's TTL attribute (its TimeToLiveSpecification in
 * template.yaml) set to a moment after the sale is over, so that items do not pile up with every sale ever made.
 */
final class StockItemExpiry {

    /** The stock table's TTL attribute. */
    static final String ATTRIBUTE = "expiresAt";

    /**
     * Kept this long after the sale's end: past its payment window, the reconciler's passes over recently ended
     * sales ({@code SaleCatalog.RECENTLY_ENDED}) and an operator's look at its books.
     */
    static final Duration AFTER_SALE = Duration.ofDays(14);

    private StockItemExpiry() {
    }

    /** The TTL value (epoch seconds) for an item of {@code sale}. */
    static AttributeValue afterSale(Sale sale) {
        return n(sale.endsAt().plus(AFTER_SALE).getEpochSecond());
    }
}
