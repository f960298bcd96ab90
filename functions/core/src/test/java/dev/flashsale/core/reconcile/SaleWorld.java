package dev.flashsale.core.reconcile;

import dev.flashsale.core.event.OrderEventOutbox;
import dev.flashsale.core.fakes.CountingStockLedger;
import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrderQueue;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemoryOrphanSightings;
import dev.flashsale.core.fakes.InMemoryReconcilerLeases;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.MovableClock;
import dev.flashsale.core.ledger.CountingAuthority;
import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.ledger.WriteAheadLedger;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.order.PaymentTerms;
import dev.flashsale.core.payment.Charge;
import dev.flashsale.core.payment.ChargeResult;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.PaymentGateway;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Product;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sales on the core's in-memory fakes with every actor of the protocol wired as the functions wire them: shoppers
 * (admission and the order writer), payers, the expiry and the reconciler, on one movable clock. Either backend:
 * DynamoDB (admission reserves on the write-ahead ledger) or Redis (admission reserves on a cache, here one that
 * never refuses, and the counting authority decides).
 */
final class SaleWorld {

    enum Backend { DYNAMODB, REDIS }

    static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    final Backend backend;
    final MovableClock clock = new MovableClock(START);
    final InMemoryLedgerItems items = new InMemoryLedgerItems();
    final InMemoryOrders orders = new InMemoryOrders();
    final InMemoryOrderQueue queue = new InMemoryOrderQueue();
    final InMemorySaleCatalog catalog = new InMemorySaleCatalog();
    final Gateway gateway = new Gateway();
    final InMemoryReconcilerLeases leases = new InMemoryReconcilerLeases();
    final InMemoryOrphanSightings sightings = new InMemoryOrphanSightings();
    final List<Repair> repairLog = new ArrayList<>();
    final Duration reconcileAfter;
    final StockLedger ledger;
    final StockAuthority authority;
    final OrderWriter writer;
    final OrderExpiry expiry;
    final Reconciliation reconciliation;

    SaleWorld(Backend backend, Duration reconcileAfter, Sale... sales) {
        this.backend = backend;
        this.reconcileAfter = reconcileAfter;
        for (Sale sale : sales) {
            catalog.save(sale);
            items.fill(sale, sale.stock());
        }
        if (backend == Backend.REDIS) {
            CountingStockLedger cache = new CountingStockLedger();
            for (Sale sale : sales) {
                cache.open(sale, 1_000); // a copy that offers more than the authority has: the authority decides
            }
            ledger = cache;
            authority = new CountingAuthority(items, catalog, clock);
        } else {
            ledger = new WriteAheadLedger(items, LedgerEvents.NONE);
            authority = reservation -> StockAuthority.Count.COUNTED;
        }
        writer = new OrderWriter(orders, ledger, authority, new PaymentTerms(catalog, clock));
        expiry = new OrderExpiry(catalog, orders, new GiveBack(items), UnitReturns.NONE, gateway, clock,
                expired -> { });
        reconciliation = reconciliation();
    }

    /** A sale of {@code stock} units on one shard, one per shopper, paid within {@code paymentMinutes}. */
    static Sale sale(String id, int stock, int paymentMinutes) {
        return new Sale(id, id, stock, START.minusSeconds(60), START.plus(Duration.ofDays(1)), 1, 1,
                Protection.NONE, new Product("Sneakers", 8900, "EUR"), paymentMinutes);
    }

    Reconciliation reconciliation() {
        return reconciliation(OrderEventOutbox.NONE);
    }

    /** The pass as the functions wire it, publishing the pending order events to {@code events}. */
    Reconciliation reconciliation(OrderEventOutbox events) {
        StrandedIntentRepair.Intents kind = backend == Backend.REDIS
                ? StrandedIntentRepair.Intents.ORDER_COUNTS : StrandedIntentRepair.Intents.RESERVATIONS;
        return new Reconciliation(catalog, ledger, queue, clock, reconcileAfter,
                new StrandedIntentRepair(kind, items, orders, writer, clock),
                new LedgerAudit(items, orders, clock, Duration.ZERO, sightings), repairLog::add, leases, expiry,
                Optional.empty(), events);
    }

    /** One scheduled reconciler invocation, as the reconciler function runs it (the expiry is part of its pass). */
    Reconciliation.Report reconcilerRun() {
        return reconciliation.run();
    }

    Sale sale(String id) {
        return catalog.find(id).orElseThrow();
    }

    /** A shopper's purchase through to its order: empty when admission refused it. */
    Optional<Order> buy(String saleId, String userId) {
        ReservationOutcome outcome = ledger.reserve(sale(saleId), userId, 1, OrderIds.next(), clock.instant());
        if (!(outcome instanceof ReservationOutcome.Reserved reserved)) {
            return Optional.empty();
        }
        return Optional.of(writer.write(reserved.reservation()));
    }

    /** An admitted reservation whose message has not reached the order writer (yet). */
    Reservation admit(String saleId, String userId) {
        ReservationOutcome outcome = ledger.reserve(sale(saleId), userId, 1, OrderIds.next(), clock.instant());
        return ((ReservationOutcome.Reserved) outcome).reservation();
    }

    String reserveOnly(String saleId, String userId) {
        return admit(saleId, userId).orderId();
    }

    void pay(Order order) {
        if (!orders.markPaid(order.orderId(), "ch_" + order.orderId(), clock.instant())) {
            throw new IllegalStateException("could not pay " + order.orderId());
        }
    }

    void later(Duration by) {
        clock.advance(by);
    }

    Order order(String orderId) {
        return orders.find(orderId).orElseThrow();
    }

    /** Units held by orders that keep them (confirmed or paid). */
    long unitsSold(String saleId) {
        return orders.listBySale(saleId).stream().filter(o -> o.status().holdsUnits())
                .mapToLong(Order::quantity).sum();
    }

    long remaining(String saleId) {
        return items.remaining(sale(saleId));
    }

    long count(String saleId, OrderStatus status) {
        return orders.listBySale(saleId).stream().filter(o -> o.status() == status).count();
    }

    /** A provider whose refund can be made to time out once (the reconciler's timeout during a slow refund). */
    static final class Gateway implements PaymentGateway {
        final Set<String> charged = new HashSet<>();
        boolean refundTimesOutOnce;

        @Override
        public ChargeResult charge(Charge charge) {
            charged.add(charge.orderId());
            return new ChargeResult.Approved("ch_" + charge.orderId());
        }

        @Override
        public void refund(String orderId) {
            if (refundTimesOutOnce) {
                refundTimesOutOnce = false;
                throw new IllegalStateException("refund timed out");
            }
            charged.remove(orderId);
        }
    }
}
