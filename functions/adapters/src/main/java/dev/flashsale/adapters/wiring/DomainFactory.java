package dev.flashsale.adapters.wiring;

import dev.flashsale.core.order.OrderLookup;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.PurchaseAdmission;
import dev.flashsale.core.purchase.SoldOutMemory;
import dev.flashsale.core.sale.CachedSaleCatalog;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.core.sale.SaleQuery;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/** Builds the domain services from the ports; the domain itself knows nothing of Micronaut. */
@Factory
public class DomainFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DomainFactory.class);

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Purchases read the sale on every request; a one-second cache turns that into one read per container. */
    @Singleton
    @Primary
    SaleCatalog cachedCatalog(@Named("source") SaleCatalog source, Clock clock) {
        return new CachedSaleCatalog(source, clock, Duration.ofSeconds(1));
    }

    @Singleton
    SoldOutMemory soldOutMemory() {
        return new SoldOutMemory(Duration.ofSeconds(1));
    }

    @Singleton
    PurchaseAdmission purchaseAdmission(SaleCatalog sales, StockLedger ledger, OrderQueue queue,
                                        SoldOutMemory soldOut, Clock clock) {
        return new PurchaseAdmission(sales, ledger, queue, soldOut, clock,
                stranded -> LOG.error("reservation {} could be neither queued nor released; it holds {} unit(s) "
                        + "until an operator repairs it", stranded.orderId(), stranded.quantity()),
                lost -> LOG.error("sale {} is in the catalog but not in the stock ledger: rebuild it with "
                        + "POST /api/admin/sales/{}/stock-sync (./flashsale stock sync --sale {})", lost.id(), lost.id(),
                        lost.id()));
    }

    @Singleton
    SaleQuery saleQuery(SaleCatalog sales, StockLedger ledger, Clock clock) {
        return new SaleQuery(sales, ledger, clock, Duration.ofSeconds(1));
    }

    @Singleton
    OrderLookup orderLookup(OrderStore orders, StockLedger ledger) {
        return new OrderLookup(orders, ledger);
    }

    @Singleton
    OrderWriter orderWriter(OrderStore orders, StockLedger ledger, StockAuthority authority) {
        return new OrderWriter(orders, ledger, authority);
    }

    /** Administration writes through to the source: a replaced sale must be visible at once. */
    @Singleton
    SaleAdministration saleAdministration(@Named("source") SaleCatalog source, StockLedger ledger) {
        return new SaleAdministration(source, ledger);
    }
}
