package dev.flashsale.core.order;

import dev.flashsale.core.cache.CacheRecovery;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Reservation;

import java.util.Optional;

/**
 * Turns an admitted reservation into an order, idempotently on its order id. The reservation is claimed first:
 * if admission already gave its units back (an enqueue that looked failed but was not), the order is rejected
 * rather than confirmed for a unit that is back on sale. Then the authority counts it: an order the stock cannot
 * cover, or one past the buyer's per-user limit, is rejected with its reason, so confirmed orders never exceed the
 * stock nor a buyer's limit.
 */
public final class OrderWriter {

    private final OrderStore orders;
    private final StockLedger ledger;
    private final StockAuthority authority;
    private final PaymentTerms terms;
    private final Optional<CacheRecovery> cache;

    public OrderWriter(OrderStore orders, StockLedger ledger, StockAuthority authority) {
        this(orders, ledger, authority, PaymentTerms.NONE);
    }

    public OrderWriter(OrderStore orders, StockLedger ledger, StockAuthority authority, PaymentTerms terms) {
        this(orders, ledger, authority, terms, Optional.empty());
    }

    /** With {@code cache}: admission reserved on a cache, whose hold goes when the authority refuses the order. */
    public OrderWriter(OrderStore orders, StockLedger ledger, StockAuthority authority, PaymentTerms terms,
                       Optional<CacheRecovery> cache) {
        this.cache = cache;
        this.orders = orders;
        this.ledger = ledger;
        this.authority = authority;
        this.terms = terms;
    }

    public Order write(Reservation reservation) {
        if (!ledger.claim(reservation)) {
            return orders.writeOnce(Order.rejected(reservation, RejectionReason.RESERVATION_RELEASED));
        }
        switch (authority.confirm(reservation)) {
            case STOCK_EXHAUSTED -> {
                cache.ifPresent(recovery -> recovery.dropRefusedHold(reservation));
                return orders.writeOnce(Order.rejected(reservation, RejectionReason.STOCK_EXHAUSTED));
            }
            case LIMIT_REACHED -> {
                // The authority never took the units: they go back on offer in the cache, with the shopper's hold.
                cache.ifPresent(recovery -> recovery.returnRefusedClaim(reservation));
                return orders.writeOnce(Order.rejected(reservation, RejectionReason.LIMIT_REACHED));
            }
            default -> {
                return orders.writeOnce(terms.confirmed(reservation));
            }
        }
    }
}
