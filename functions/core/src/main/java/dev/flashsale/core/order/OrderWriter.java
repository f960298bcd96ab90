package dev.flashsale.core.order;

import dev.flashsale.core.cache.CacheRecovery;
import dev.flashsale.core.event.OrderEventOutbox;
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
 * stock nor a buyer's limit. The write marks the order's event pending; the event goes out right after it
 * ({@link OrderEventOutbox}).
 */
public final class OrderWriter {

    private final OrderStore orders;
    private final StockLedger ledger;
    private final StockAuthority authority;
    private final PaymentTerms terms;
    private final Optional<CacheRecovery> cache;
    private final OrderEventOutbox events;

    public OrderWriter(OrderStore orders, StockLedger ledger, StockAuthority authority) {
        this(orders, ledger, authority, PaymentTerms.NONE);
    }

    public OrderWriter(OrderStore orders, StockLedger ledger, StockAuthority authority, PaymentTerms terms) {
        this(orders, ledger, authority, terms, Optional.empty());
    }

    /** With {@code cache}: admission reserved on a cache, whose hold goes when the authority refuses the order. */
    public OrderWriter(OrderStore orders, StockLedger ledger, StockAuthority authority, PaymentTerms terms,
                       Optional<CacheRecovery> cache) {
        this(orders, ledger, authority, terms, cache, OrderEventOutbox.NONE);
    }

    /** With {@code events}: each order written is announced to the shop behind the sale. */
    public OrderWriter(OrderStore orders, StockLedger ledger, StockAuthority authority, PaymentTerms terms,
                       Optional<CacheRecovery> cache, OrderEventOutbox events) {
        this.cache = cache;
        this.events = events;
        this.orders = orders;
        this.ledger = ledger;
        this.authority = authority;
        this.terms = terms;
    }

    public Order write(Reservation reservation) {
        if (!ledger.claim(reservation)) {
            return writeAndAnnounce(Order.rejected(reservation, RejectionReason.RESERVATION_RELEASED));
        }
        switch (authority.confirm(reservation)) {
            case STOCK_EXHAUSTED -> {
                cache.ifPresent(recovery -> recovery.dropRefusedHold(reservation));
                return writeAndAnnounce(Order.rejected(reservation, RejectionReason.STOCK_EXHAUSTED));
            }
            case LIMIT_REACHED -> {
                // The authority never took the units: they go back on offer in the cache, with the shopper's hold.
                cache.ifPresent(recovery -> recovery.returnRefusedClaim(reservation));
                return writeAndAnnounce(Order.rejected(reservation, RejectionReason.LIMIT_REACHED));
            }
            default -> {
                return writeAndAnnounce(terms.confirmed(reservation));
            }
        }
    }

    private Order writeAndAnnounce(Order order) {
        Order written = orders.writeOnce(order);
        // A redelivery finding its order written (and maybe not announced: a crash in between) announces it again;
        // one finding it moved on since (paid, expired) leaves that status's event to whoever moved it.
        if (written.status() == order.status()) {
            events.announce(written, written.status(), written.createdAt());
        }
        return written;
    }
}
