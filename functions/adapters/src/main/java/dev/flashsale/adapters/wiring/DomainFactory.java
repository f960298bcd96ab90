package dev.flashsale.adapters.wiring;

import dev.flashsale.adapters.config.DynamoDbBackend;
import dev.flashsale.adapters.config.RedisBackend;
import dev.flashsale.adapters.config.StockBackend;
import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.observability.JsonLines;
import dev.flashsale.adapters.redis.RedisStockLedger;
import dev.flashsale.adapters.snapstart.RestorableRandom;
import dev.flashsale.adapters.time.Ticker;
import dev.flashsale.core.cache.CacheRecovery;
import dev.flashsale.core.cache.CachedStockLedger;
import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.deadletter.DeadLetterRedrive;
import dev.flashsale.core.event.OrderEventOutbox;
import dev.flashsale.core.guard.AdmissionGuard;
import dev.flashsale.core.guard.Blocklist;
import dev.flashsale.core.guard.ChallengeDesk;
import dev.flashsale.core.guard.JitterGate;
import dev.flashsale.core.guard.LoadShedder;
import dev.flashsale.core.guard.SaleLoad;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.ledger.CountingAuthority;
import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.ledger.WriteAheadLedger;
import dev.flashsale.core.order.SaleOrders;
import dev.flashsale.core.order.OrderLookup;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.order.PaymentTerms;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.payment.OrderPayment;
import dev.flashsale.core.port.AdmissionEvents;
import dev.flashsale.core.port.BlocklistStore;
import dev.flashsale.core.port.LoadCounters;
import dev.flashsale.core.port.BotSignals;
import dev.flashsale.core.port.ChallengeLedger;
import dev.flashsale.core.port.DeadLetters;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.port.OrderPayments;
import dev.flashsale.core.port.OrderEvents;
import dev.flashsale.core.port.OrderQueue;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.PaymentGateway;
import dev.flashsale.core.port.PendingOrderEvents;
import dev.flashsale.core.port.RateLimiter;
import dev.flashsale.core.port.OrphanSightings;
import dev.flashsale.core.port.ReconcilerLeases;
import dev.flashsale.core.port.RepairLog;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.port.StockCache;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.purchase.PurchaseAdmission;
import dev.flashsale.core.purchase.RequestOrderIds;
import dev.flashsale.core.purchase.SoldOutMemory;
import dev.flashsale.core.reconcile.LedgerAudit;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.reconcile.StrandedIntentRepair;
import dev.flashsale.core.report.SaleReports;
import dev.flashsale.core.sale.CachedSaleCatalog;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.core.sale.SaleQuery;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Builds the domain services from the ports; the domain itself knows nothing of Micronaut. */
@Factory
public class DomainFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Purchases read the sale on every request; a one-second cache turns that into one read per container. An
     * unknown id is remembered five seconds (a flood of random ids then costs one read per id and container).
     */
    @Singleton
    @Primary
    SaleCatalog cachedCatalog(@Named("source") SaleCatalog source, Clock clock) {
        return new CachedSaleCatalog(source, clock, Duration.ofSeconds(1), Duration.ofSeconds(5),
                CachedSaleCatalog.MAX_UNKNOWN, CachedSaleCatalog.MAX_SALES);
    }

    @Singleton
    SoldOutMemory soldOutMemory() {
        return new SoldOutMemory(Duration.ofSeconds(1));
    }

    /** DynamoDB backend: admission reserves on the authoritative ledger itself, write-ahead. */
    @Singleton
    @DynamoDbBackend
    StockLedger writeAheadLedger(LedgerItems items, LedgerEvents events) {
        return new WriteAheadLedger(items, events);
    }

    /** Redis backend: admission reserves on the cache; the order writer counts each order on DynamoDB once. */
    @Singleton
    @RedisBackend
    StockAuthority countingAuthority(LedgerItems items, SaleCatalog sales, Clock clock) {
        return new CountingAuthority(items, sales, clock);
    }

    /** Redis backend: the core's rules for the cache, over the cache (Redis) and the authority (DynamoDB). */
    @Singleton
    @RedisBackend
    CacheRecovery cacheRecovery(StockCache cache, LedgerItems authority, OrderStore orders, Clock clock) {
        return new CacheRecovery(cache, authority, orders, clock);
    }

    /** Redis backend: the ledger the core sees reserves on the cache and fills the authority when a sale opens. */
    @Singleton
    @Primary
    @RedisBackend
    StockLedger cachedStockLedger(RedisStockLedger cache, CacheRecovery recovery) {
        return new CachedStockLedger(cache, recovery);
    }

    @Singleton
    RequestOrderIds requestOrderIds(KeyedHash keyedHash) {
        return new RequestOrderIds(keyedHash);
    }

    @Singleton
    PurchaseAdmission purchaseAdmission(SaleCatalog sales, StockLedger ledger, OrderQueue queue,
                                        SoldOutMemory soldOut, Clock clock, RequestOrderIds orderIds,
                                        AdmissionGuard guard, JitterGate jitter, LoadShedder shedder,
                                        AdmissionEvents events, LedgerEvents ledgerEvents, JsonLines lines,
                                        Optional<CacheRecovery> cache) {
        return new PurchaseAdmission(sales, ledger, queue, soldOut, clock, orderIds,
                new PurchaseAdmission.Checks(guard, jitter, shedder), new PurchaseAdmission.Hooks(events,
                released -> ledgerEvents.released(released, "the order could not be queued"),
                stranded -> lines.log("ERROR", "reservation-stranded", Map.of("orderId", stranded.orderId(),
                        "sale", stranded.saleId(), "units", stranded.quantity(),
                        "repair", "the reconciler releases it after FLASHSALE_RECONCILE_AFTER_MINUTES")),
                lost -> {
                    if (cache.isPresent() && cache.get().restoreLost(lost)) {
                        lines.log("WARN", "sale-restored-in-stock-ledger", Map.of("sale", lost.id(),
                                "why", "the stock cache had lost it; rebuilt from the authoritative stock",
                                "then", "closed until the order queue holds nothing admitted before the loss"));
                    }
                },
                restoring -> {
                    if (cache.isPresent() && cache.get().reopenRestored(restoring, queue)) {
                        lines.log("WARN", "sale-reopened-in-stock-ledger", Map.of("sale", restoring.id(),
                                "why", "every order admitted before the loss is counted; rebuilt again and open"));
                    }
                }));
    }

    /**
     * The reconciler's pass, scheduled or on demand (the admin route, the CLI): per sale under a lease, the expiry
     * of unpaid orders included.
     */
    @Singleton
    Reconciliation reconciliation(@Named("source") SaleCatalog sales, StockLedger ledger, OrderQueue queue,
                                  LedgerItems items, OrderStore orders, OrderWriter writer, RepairLog repairs,
                                  ReconcilerLeases leases, OrphanSightings sightings, OrderExpiry expiry,
                                  Clock clock, FlashsaleSettings settings, Optional<CacheRecovery> cache,
                                  OrderEventOutbox events) {
        return new Reconciliation(sales, ledger, queue, clock, Duration.ofMinutes(settings.getReconcileAfterMinutes()),
                new StrandedIntentRepair(settings.getStockBackend() == StockBackend.REDIS
                        ? StrandedIntentRepair.Intents.ORDER_COUNTS : StrandedIntentRepair.Intents.RESERVATIONS,
                        items, orders, writer, clock),
                new LedgerAudit(items, orders, clock, Duration.ofMillis(settings.getIndexSettleMillis()), sightings),
                repairs, leases, expiry, cache, events);
    }

    /** Order events for the shop behind the sale: published after each status write, finished by the reconciler. */
    @Singleton
    OrderEventOutbox orderEventOutbox(OrderEvents bus, PendingOrderEvents pending) {
        return new OrderEventOutbox(bus, pending);
    }

    /** Blocklist changes reach every container within five seconds. */
    @Singleton
    Blocklist blocklist(BlocklistStore store, Clock clock, FlashsaleSettings settings) {
        return new Blocklist(store, clock, Duration.ofSeconds(5), settings.getBlocklistMaxEntries());
    }

    /** On the container's monotonic time (the {@link Ticker}): the store's latency is measured on it too. */
    @Singleton
    LoadShedder loadShedder(FlashsaleSettings settings, Ticker ticker) {
        return new LoadShedder(settings.getShedMaxInFlight(), settings.getShedLatencyMillis(), ticker::nanos);
    }

    @Singleton
    JitterGate jitterGate(KeyedHash keyedHash) {
        return new JitterGate(keyedHash);
    }

    /** The container's one random source, re-seeded after a SnapStart restore. */
    @Singleton
    RestorableRandom random() {
        return new RestorableRandom();
    }

    @Singleton
    Challenges challenges(KeyedHash keyedHash, ChallengeLedger ledger, RestorableRandom random) {
        return new Challenges(keyedHash, ledger, random);
    }

    /**
     * The sale-wide load: each container writes its count at most every 200 ms to one of 10 shards, and reads
     * the sums at most once a second.
     */
    @Singleton
    SaleLoad saleLoad(LoadCounters counters, FlashsaleSettings settings, RestorableRandom random) {
        return new SaleLoad(counters, new SaleLoad.Settings(settings.getUnderLoadRequestsPerSecond(), 10,
                Duration.ofMillis(200), Duration.ofSeconds(1)), random);
    }

    @Singleton
    AdmissionGuard admissionGuard(Blocklist blocklist, RateLimiter rateLimiter, BotSignals signals,
                                  Challenges challenges, LoadShedder shedder, SaleLoad saleLoad, Clock clock,
                                  FlashsaleSettings settings) {
        return new AdmissionGuard(blocklist, rateLimiter, signals, challenges, shedder, saleLoad, clock,
                new AdmissionGuard.AutoBlock(
                settings.getAutoBlockThreshold(), settings.getAutoBlockAddressUsers(),
                Duration.ofMinutes(settings.getAutoBlockMinutes())));
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
    OrderWriter orderWriter(OrderStore orders, StockLedger ledger, StockAuthority authority, SaleCatalog sales,
                            Clock clock, Optional<CacheRecovery> cache, OrderEventOutbox events) {
        return new OrderWriter(orders, ledger, authority, new PaymentTerms(sales, clock), cache, events);
    }

    @Singleton
    OrderPayment orderPayment(OrderLookup lookup, OrderPayments payments, SaleCatalog sales, PaymentGateway gateway,
                              Clock clock, OrderEventOutbox events) {
        return new OrderPayment(lookup, payments, sales, gateway, clock, events);
    }

    /** Either backend: the units go back to the authoritative stock through the order's intent. */
    @Singleton
    GiveBack giveBack(LedgerItems items) {
        return new GiveBack(items);
    }

    /** DynamoDB backend: no admission cache to give units back to. */
    @Singleton
    @DynamoDbBackend
    UnitReturns noCacheReturns() {
        return UnitReturns.NONE;
    }

    @Singleton
    OrderExpiry orderExpiry(@Named("source") SaleCatalog sales, OrderPayments payments, GiveBack giveBack,
                            UnitReturns cache, PaymentGateway gateway, Clock clock, JsonLines lines,
                            OrderEventOutbox events) {
        return new OrderExpiry(sales, payments, giveBack, cache, gateway, clock,
                expired -> lines.log("INFO", "unpaid-order-expired", Map.of("orderId", expired.orderId(),
                        "sale", expired.saleId(), "units", expired.quantity(),
                        "payBy", String.valueOf(expired.payBy()))), events);
    }

    @Singleton
    SaleReports saleReports(OrderStore orders, StockLedger ledger) {
        return new SaleReports(orders, ledger);
    }

    @Singleton
    DeadLetterRedrive deadLetterRedrive(DeadLetters deadLetters) {
        return new DeadLetterRedrive(deadLetters);
    }

    /** Administration writes through to the source: a replaced sale must be visible at once. */
    @Singleton
    SaleAdministration saleAdministration(@Named("source") SaleCatalog source, StockLedger ledger,
                                          ReconcilerLeases leases, Clock clock) {
        return new SaleAdministration(source, ledger, leases, clock);
    }

    /** The operator's order list reads the source: a sale just created is listable at once. */
    @Singleton
    SaleOrders saleOrders(@Named("source") SaleCatalog source, OrderStore orders) {
        return new SaleOrders(source, orders);
    }
}
