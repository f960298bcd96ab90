package dev.flashsale.adapters.wiring;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.observability.JsonLines;
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

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds the domain services from the ports; the domain itself knows nothing of Micronaut. */
@Factory
public class DomainFactory {

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
                                        LoadShedder shedder, AdmissionEvents events, JsonLines lines) {
        return new PurchaseAdmission(sales, ledger, queue, soldOut, clock, new PurchaseAdmission.Guards(
                guard, jitter, shedder, events,
                stranded -> lines.log("ERROR", "reservation-stranded", Map.of("orderId", stranded.orderId(),
                        "sale", stranded.saleId(), "units", stranded.quantity(),
                        "repair", "the reconciler releases it after FLASHSALE_RECONCILE_AFTER_MINUTES")),
                lost -> lines.log("ERROR", "sale-missing-from-stock-ledger", Map.of("sale", lost.id(),
                        "repair", "POST /api/admin/sales/" + lost.id() + "/stock-sync (./flashsale stock sync --sale "
                                + lost.id() + ")"))));
    }

    @Singleton
    Reconciliation reconciliation(@Named("source") SaleCatalog sales, StockLedger ledger, Clock clock,
                                  FlashsaleSettings settings, JsonLines lines) {
        return new Reconciliation(sales, ledger, clock, Duration.ofMinutes(settings.getReconcileAfterMinutes()),
                released -> lines.log("WARN", "stale-reservation-released", Map.of("orderId", released.orderId(),
                        "sale", released.saleId(), "units", released.quantity())));
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
                                AdmissionEvents events, Clock clock, JitterGate jitter) {
        return new ChallengeDesk(sales, challenges, guard, events, clock, jitter);
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
