package dev.flashsale.adapters.wiring;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.challenge.ChallengeDesk;
import dev.flashsale.core.challenge.ChallengeSigner;
import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.guard.AdmissionGuard;
import dev.flashsale.core.guard.Blocklist;
import dev.flashsale.core.guard.JitterGate;
import dev.flashsale.core.guard.LoadShedder;
import dev.flashsale.core.order.OrderLookup;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.port.AdmissionEvents;
import dev.flashsale.core.port.BlocklistStore;
import dev.flashsale.core.port.BotSignals;
import dev.flashsale.core.port.ChallengeLedger;
import dev.flashsale.core.port.RateLimiter;
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

import java.security.SecureRandom;
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
                                        SoldOutMemory soldOut, Clock clock, AdmissionGuard guard, JitterGate jitter,
                                        LoadShedder shedder, AdmissionEvents events) {
        return new PurchaseAdmission(sales, ledger, queue, soldOut, clock, new PurchaseAdmission.Guards(
                guard, jitter, shedder, events,
                stranded -> LOG.error("reservation {} could be neither queued nor released; it holds {} unit(s) "
                        + "until an operator repairs it", stranded.orderId(), stranded.quantity()),
                lost -> LOG.error("sale {} is in the catalog but not in the stock ledger: rebuild it with "
                        + "POST /api/admin/sales/{}/stock-sync (./flashsale stock sync --sale {})", lost.id(), lost.id(),
                        lost.id())));
    }

    @Singleton
    Reconciliation reconciliation(@Named("source") SaleCatalog sales, StockLedger ledger, Clock clock,
                                  FlashsaleSettings settings) {
        return new Reconciliation(sales, ledger, clock, Duration.ofMinutes(settings.getReconcileAfterMinutes()),
                released -> LOG.warn("released stale reservation {} ({} unit(s) back on sale {})", released.orderId(),
                        released.quantity(), released.saleId()));
    }

    /** Blocklist changes reach every container within five seconds. */
    @Singleton
    Blocklist blocklist(BlocklistStore store, Clock clock) {
        return new Blocklist(store, clock, Duration.ofSeconds(5));
    }

    @Singleton
    LoadShedder loadShedder(FlashsaleSettings settings) {
        return new LoadShedder(settings.getShedMaxInFlight(), settings.getShedLatencyMillis());
    }

    @Singleton
    JitterGate jitterGate(ChallengeSigner keyedHash) {
        return new JitterGate(keyedHash);
    }

    @Singleton
    Challenges challenges(ChallengeSigner signer, ChallengeLedger ledger) {
        return new Challenges(signer, ledger, new SecureRandom());
    }

    @Singleton
    AdmissionGuard admissionGuard(Blocklist blocklist, RateLimiter rateLimiter, BotSignals signals,
                                  Challenges challenges, LoadShedder shedder, FlashsaleSettings settings) {
        return new AdmissionGuard(blocklist, rateLimiter, signals, challenges, shedder, new AdmissionGuard.AutoBlock(
                settings.getAutoBlockThreshold(), Duration.ofMinutes(settings.getAutoBlockMinutes())));
    }

    @Singleton
    ChallengeDesk challengeDesk(SaleCatalog sales, Challenges challenges, AdmissionGuard guard,
                                AdmissionEvents events, Clock clock) {
        return new ChallengeDesk(sales, challenges, guard, events, clock);
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
