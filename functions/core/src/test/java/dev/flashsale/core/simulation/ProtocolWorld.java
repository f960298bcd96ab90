package dev.flashsale.core.simulation;

import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.event.OrderEvent;
import dev.flashsale.core.event.OrderEventOutbox;
import dev.flashsale.core.fakes.CountingBotSignals;
import dev.flashsale.core.fakes.InMemoryBlocklistStore;
import dev.flashsale.core.fakes.InMemoryChallengeLedger;
import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemoryRateLimiter;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.RecordingAdmissionEvents;
import dev.flashsale.core.fakes.RecordingOrderEvents;
import dev.flashsale.core.guard.AdmissionGuard;
import dev.flashsale.core.guard.Blocklist;
import dev.flashsale.core.guard.JitterGate;
import dev.flashsale.core.guard.LoadShedder;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.ledger.GiveBack;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.WriteAheadLedger;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderLookup;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.order.PaymentTerms;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.payment.OrderPayment;
import dev.flashsale.core.payment.PaymentOutcome;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.port.UnitReturns;
import dev.flashsale.core.purchase.PurchaseAdmission;
import dev.flashsale.core.purchase.PurchaseRequest;
import dev.flashsale.core.purchase.RequestOrderIds;
import dev.flashsale.core.purchase.SoldOutMemory;
import dev.flashsale.core.reconcile.LedgerAudit;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.reconcile.Repair;
import dev.flashsale.core.reconcile.StrandedIntentRepair;
import dev.flashsale.core.sale.Product;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One simulated sale on the DynamoDB backend: the core's real classes, wired as the functions wire them, on the
 * in-memory stores as AWS lets them behave ({@link Env}), every actor a step machine of the {@link Scheduler}:
 * shoppers (request ids, retries, then paying or not), order-function invocations consuming the queue, the
 * scheduled reconciler pass every minute and on-demand ones beside it (the expiry runs inside each), payment
 * provider answers, an operator replacing the live sale. Invariants are checked after every step; then the world
 * heals and settles (queue drained, DLQ redriven, time past every window, reconciler passes) and the books are
 * checked; then a closing round of buyers who pay at once shows that exactly the stock was sold.
 */
final class ProtocolWorld {

    static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    static final String SALE = "sim";
    private static final KeyedHash HASH =
            new KeyedHash("0123456789abcdef0123456789abcdef-sim".getBytes(StandardCharsets.UTF_8));
    private static final Duration ADMISSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ORDER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RECONCILER_TIMEOUT = Duration.ofSeconds(120);

    final Shape shape;
    final Scheduler scheduler;
    final Env env;
    private final InMemoryLedgerItems rawItems = new InMemoryLedgerItems();
    private final InMemoryOrders rawOrders = new InMemoryOrders();
    /**
     * The order events bus, and the outbox on the raw order store: neither is a point where the world interleaves
     * or fails (no choice is drawn, so every seed replays as before), but a crash after an order write landed
     * still stops its publish, which only the outbox then gets out.
     */
    private final RecordingOrderEvents bus = new RecordingOrderEvents();
    private final OrderEventOutbox events = new OrderEventOutbox(bus, rawOrders);
    private final InMemorySaleCatalog rawCatalog = new InMemorySaleCatalog();
    private final SimLedgerItems items;
    private final SimOrders orders;
    private final SimQueue queue;
    private final SimGateway gateway;
    private final SimLeases leases;
    private final SimSightings sightings;
    private final SimCatalog catalog;
    private final List<Repair> repairs = new ArrayList<>();
    /** Every 202: order id → shopper. */
    private final Map<String, String> admitted = new LinkedHashMap<>();
    private int stockCeiling;
    private Instant nextScheduledPass;
    private boolean operatorDone;
    private int passes;
    private Violation violation;
    private String closingLastAnswer = "";

    ProtocolWorld(Shape shape, Choices choices, boolean trace) {
        this.shape = shape;
        this.scheduler = new Scheduler(choices, START, new Trace(trace, START));
        this.env = new Env(scheduler, shape);
        this.items = new SimLedgerItems(rawItems, env);
        this.orders = new SimOrders(rawOrders, env);
        this.queue = new SimQueue(env);
        this.gateway = new SimGateway(env);
        this.leases = new SimLeases(env);
        this.sightings = new SimSightings(env);
        this.catalog = new SimCatalog(rawCatalog, env);
        Sale sale = new Sale(SALE, "Simulated", shape.stock(), START.minusSeconds(60), START.plus(Duration.ofDays(30)),
                shape.perUserLimit(), shape.shards(), Protection.NONE, new Product("Sneakers", 8900, "EUR"),
                shape.paymentMinutes());
        rawCatalog.save(sale);
        rawItems.fill(sale, sale.stock());
        stockCeiling = sale.stock();
        nextScheduledPass = START.plus(Duration.ofMinutes(1));
    }

    Trace trace() {
        return scheduler.trace();
    }

    // ------------------------------------------------------------------ one container (a Lambda's objects)

    /** The core's objects as one function container builds them, on the actor's own (skewed) clock. */
    private final class Container {
        final Clock clock;
        final WriteAheadLedger ledger = new WriteAheadLedger(items, LedgerEvents.NONE);
        final OrderWriter writer;

        Container(Scheduler.Actor actor) {
            this.clock = actor.clock;
            this.writer = new OrderWriter(orders, ledger, reservation -> StockAuthority.Count.COUNTED,
                    new PaymentTerms(catalog, clock), Optional.empty(), events);
        }

        PurchaseAdmission admission() {
            LoadShedder shedder = new LoadShedder(1_000_000, 1_000_000_000L);
            AdmissionGuard guard = new AdmissionGuard(new Blocklist(new InMemoryBlocklistStore(), clock,
                    Duration.ZERO), new InMemoryRateLimiter(), new CountingBotSignals(),
                    new Challenges(HASH, new InMemoryChallengeLedger(), new Random(5)), shedder,
                    new AdmissionGuard.AutoBlock(10, Duration.ofMinutes(15)));
            return new PurchaseAdmission(catalog, ledger, queue, new SoldOutMemory(Duration.ofSeconds(1)), clock,
                    new RequestOrderIds(HASH), new PurchaseAdmission.Checks(guard, new JitterGate(HASH), shedder),
                    new PurchaseAdmission.Hooks(new RecordingAdmissionEvents(), released -> { }, stranded -> { },
                            lost -> { }, restoring -> { }));
        }

        OrderPayment payment() {
            return new OrderPayment(new OrderLookup(orders, ledger), orders, catalog, gateway, clock, events);
        }

        Reconciliation reconciliation() {
            OrderExpiry expiry = new OrderExpiry(catalog, orders, new GiveBack(items), UnitReturns.NONE, gateway,
                    clock, expired -> { }, events);
            return new Reconciliation(catalog, ledger, queue, clock, Duration.ofMinutes(shape.reconcileAfterMinutes()),
                    new StrandedIntentRepair(StrandedIntentRepair.Intents.RESERVATIONS, items, orders, writer, clock),
                    new LedgerAudit(items, orders, clock, Duration.ZERO, sightings), repairs::add, leases, expiry,
                    Optional.empty(), events);
        }
    }

    /** One Lambda invocation: it may die at any store call (or time out); the caller sees no answer (null). */
    private <T> T invoke(Scheduler.Actor me, Duration timeout, Supplier<T> body) {
        return invoke(me, timeout, true, body);
    }

    private <T> T invoke(Scheduler.Actor me, Duration timeout, boolean faulty, Supplier<T> body) {
        me.faulty = faulty;
        me.invoking = true;
        me.deadline = faulty ? scheduler.now().plus(timeout) : null;
        try {
            return body.get();
        } catch (Scheduler.InvocationDied | RuntimeException failed) {
            env.note("invocation ended: " + failed.getMessage());
            return null;
        } finally {
            me.deadline = null;
            me.invoking = false;
        }
    }

    private Duration skew() {
        int spread = shape.skewMillis();
        return Duration.ofMillis(scheduler.choices().next(2 * spread + 1) - spread);
    }

    // ------------------------------------------------------------------ actors

    private void shopper(Scheduler.Actor me, String user, int requests, boolean closing) {
        for (int request = 0; request < requests; request++) {
            String requestId = "r" + request;
            String orderId = null;
            for (int attempt = 0; attempt < 5 && orderId == null; attempt++) {
                Admission answer = invoke(me, ADMISSION_TIMEOUT, shape.admissionFaults(), () -> new Container(me).admission()
                        .purchase(SALE, new PurchaseRequest(user, 1, null, "203.0.113.9", null, requestId)));
                if (answer instanceof Admission.Admitted ok) {
                    orderId = ok.orderId();
                    admitted.put(orderId, user);
                    env.note("202 " + orderId);
                    break;
                }
                if (answer instanceof Admission.Refused refused) {
                    env.note("refused " + refused.refusal());
                    if (closing) {
                        closingLastAnswer = refused.refusal().name();
                    }
                    if (refused.refusal() == Refusal.SOLD_OUT || refused.refusal() == Refusal.ALREADY_PURCHASED) {
                        break;
                    }
                }
                scheduler.sleep(Duration.ofMillis(100 + scheduler.choices().next(3000)));
            }
            if (orderId != null) {
                if (closing) {
                    closingLastAnswer = "ADMITTED";
                }
                pay(me, user, orderId, closing ? 0 : scheduler.choices().next(5));
            }
        }
    }

    /** 0 pays, 1 never pays, 2 is declined then pays, 3 stalls then pays, 4 pays late in the window. */
    private void pay(Scheduler.Actor me, String user, String orderId, int behaviour) {
        if (behaviour == 1) {
            return;
        }
        Order order = null;
        for (int poll = 0; poll < 40; poll++) {
            scheduler.sleep(Duration.ofMillis(500 + scheduler.choices().next(3000)));
            order = invoke(me, ADMISSION_TIMEOUT, () -> new OrderLookup(orders, new Container(me).ledger)
                    .find(orderId).orElse(null));
            if (order != null && order.status() != OrderStatus.PENDING) {
                break;
            }
        }
        if (order == null || order.status() != OrderStatus.CONFIRMED || order.payBy() == null) {
            return;
        }
        if (behaviour == 4) {
            scheduler.sleep(Duration.ofSeconds(scheduler.choices().next(shape.paymentMinutes() * 60 + 30)));
        }
        String method = behaviour == 2 ? "test-decline" : behaviour == 3 ? "test-stall" : "test-approve";
        for (int attempt = 0; attempt < 6; attempt++) {
            String using = method;
            PaymentOutcome outcome = invoke(me, ADMISSION_TIMEOUT, () -> new Container(me).payment()
                    .pay(orderId, user, using));
            env.note("payment " + (outcome == null ? "no answer" : outcome.getClass().getSimpleName()));
            if (outcome instanceof PaymentOutcome.Declined || outcome instanceof PaymentOutcome.Pending) {
                method = "test-approve";
            } else if (outcome != null) {
                return;
            }
            scheduler.sleep(Duration.ofMillis(1000 + scheduler.choices().next(20_000)));
        }
    }

    private void delivery(Scheduler.Actor me, SimQueue.Message message) {
        invoke(me, ORDER_TIMEOUT, () -> {
            Order written = new Container(me).writer.write(message.reservation);
            env.note("order " + written.orderId() + " " + written.status());
            queue.delete(message);
            return written;
        });
    }

    private void pass(Scheduler.Actor me) {
        Reconciliation.Report report = invoke(me, RECONCILER_TIMEOUT, () -> new Container(me).reconciliation().run());
        if (report != null) {
            env.note("pass: released " + report.released() + ", repairs " + report.repairs().size() + ", skipped "
                    + report.skipped() + ", failures " + report.failures().size());
        }
    }

    private void operator(Scheduler.Actor me) {
        Sale old = sale();
        int stock = old.stock() + scheduler.choices().next(3);
        stockCeiling = Math.max(stockCeiling, stock);
        Sale replaced = new Sale(old.id(), old.name(), stock, old.startsAt(), old.endsAt(), old.perUserLimit(),
                old.shards(), old.protection(), old.product(), old.paymentMinutes());
        SaleAdministration administration = new SaleAdministration(catalog, new Container(me).ledger, leases,
                me.clock);
        invoke(me, ADMISSION_TIMEOUT, () -> administration.put(replaced));
    }

    // ------------------------------------------------------------------ the run

    /** The storm, the settling, the closing round; the first invariant broken, or empty. */
    Optional<Violation> run() {
        for (int i = 0; i < shape.shoppers(); i++) {
            String user = "shopper" + i;
            Scheduler.Actor actor = scheduler.spawn(user, skew(), me -> shopper(me, user, shape.requestsPerShopper(),
                    false));
            actor.wakeAt = START.plusMillis(scheduler.choices().next(5000));
        }
        try {
            storm();
            if (violation == null) {
                settle();
            }
            if (violation == null) {
                closingRound();
            }
        } finally {
            scheduler.killAll();
        }
        if (violation == null && !scheduler.trace().escapedErrors().isEmpty()) {
            violation = new Violation("ACTOR_ERROR", scheduler.trace().escapedErrors().get(0), scheduler.steps());
        }
        return Optional.ofNullable(violation);
    }

    private void storm() {
        while (violation == null && scheduler.steps() < shape.maxSteps()) {
            if (!tick()) {
                return;
            }
            checkAlways();
            moveTime();
        }
    }

    /** Starts what the world starts now; lets one actor run one step; false when everything is over. */
    private boolean tick() {
        if (!scheduler.anyRunnable()) {
            // Every actor sleeps: time goes to the next event, never past a message the poller would receive
            // or a scheduled pass.
            Instant next = earliest(scheduler.nextWake(), queue.nextVisible());
            if (!env.healed() || next.isBefore(Instant.MAX)) {
                next = earliest(next, nextScheduledPass);
            }
            if (next.isBefore(Instant.MAX) && next.isAfter(scheduler.now())) {
                scheduler.advance(Duration.between(scheduler.now(), next));
            }
        }
        Instant now = scheduler.now();
        if (!now.isBefore(nextScheduledPass)) {
            nextScheduledPass = now.plus(Duration.ofMinutes(1));
            if (!scheduler.alive("pass-scheduled")) { // reserved concurrency 1
                spawnPass("pass-scheduled");
            }
        }
        if (env.choices.chance(env.shape().onDemandPasses())) {
            spawnPass("pass-demand");
        }
        if (env.shape().operatorReplaces() && !operatorDone && env.choices.chance(20)) {
            operatorDone = true;
            scheduler.spawn("operator", skew(), this::operator);
        }
        for (SimQueue.Message message : queue.receivable()) {
            if (!scheduler.anyRunnable() || env.choices.next(2) == 0) {
                queue.received(message);
                scheduler.spawn("order-" + message.id + "." + message.receives, skew(), me -> delivery(me, message));
                if (!env.healed() && env.choices.chance(env.shape().duplicate())) {
                    scheduler.spawn("order-" + message.id + "." + message.receives + "dup", skew(),
                            me -> delivery(me, message));
                }
            }
        }
        if (scheduler.step()) {
            return true;
        }
        // Over once no message waits or is in flight: the DLQ waits for the operator, who redrives it once the
        // world is quiet (settle). Waiting for the DLQ to drain here never ended (busy seed 1721839's NO_QUIESCENCE).
        if (queue.quiet()) {
            return false;
        }
        Instant next = queue.nextVisible();
        scheduler.advance(Duration.between(scheduler.now(), next.isBefore(nextScheduledPass) ? next : nextScheduledPass));
        return true;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private void spawnPass(String name) {
        scheduler.spawn(name + "-" + passes++, skew(), this::pass);
    }

    private void moveTime() {
        int kind = env.choices.next(1000);
        if (env.healed()) { // the settling moves time itself, past every window at once
            scheduler.advance(Duration.ofMillis(kind < 900 ? env.choices.next(50) : env.choices.next(2000)));
            return;
        }
        if (kind < 850) {
            scheduler.advance(Duration.ofMillis(env.choices.next(50)));
        } else if (kind < 990) {
            scheduler.advance(Duration.ofMillis(env.choices.next(5000)));
        } else if (scheduler.invulnerableRunning() || !queue.quiet() && shape.longWait() == 0) {
            // The event source keeps polling: time leaps only while no message waits (else F10's long wait),
            // and never past the timeout of an invocation the world does not fail
            scheduler.advance(Duration.ofMillis(env.choices.next(5000)));
        } else {
            int minutes = shape.reconcileAfterMinutes() + shape.paymentMinutes() + 3;
            scheduler.advance(Duration.ofSeconds(60L * env.choices.next(minutes) + env.choices.next(60)));
        }
    }

    /** The world heals: actors finish, the queue drains, the DLQ is redriven, time passes every window. */
    private void settle() {
        env.heal();
        runQuiet(20_000);
        if (violation != null) {
            return;
        }
        if (queue.redrive() > 0) {
            env.note("operator redrove the DLQ");
            runQuiet(20_000);
        }
        Duration beyond = Duration.ofMinutes(Math.max(shape.paymentMinutes(), shape.reconcileAfterMinutes()) + 1)
                .plus(OrderExpiry.GRACE).plus(Reconciliation.LEASE);
        // Orphans come back only at a pass that finds the sighting of an earlier one, the shards still since
        // (LedgerAudit.STILL_FOR): a round's expiry or repairs that move units start that over.
        for (int round = 0; round < 4 && violation == null; round++) {
            scheduler.advance(beyond);
            nextScheduledPass = scheduler.now().plus(Duration.ofDays(1)); // only the passes below
            spawnPass("pass-settle");
            runQuiet(20_000);
        }
        if (violation == null) {
            checkSettled();
        }
    }

    /** Runs until nothing is alive and the queue is drained (or the step budget is spent). */
    private void runQuiet(int budget) {
        long until = scheduler.steps() + budget;
        while (violation == null && scheduler.steps() < until) {
            if (!tick()) {
                return;
            }
            checkAlways();
            moveTime();
        }
        if (violation == null) {
            violation = new Violation("NO_QUIESCENCE", "still running after " + budget + " healed steps",
                    scheduler.steps());
        }
    }

    /** Buyers who pay at once, one after the other, until one is refused: the units sold are then the stock. */
    private void closingRound() {
        int stock = sale().stock();
        for (int i = 0; i <= stock && violation == null; i++) {
            String user = "closer" + i;
            scheduler.spawn(user, Duration.ZERO, me -> shopper(me, user, 1, true));
            runQuiet(20_000);
            if (closingLastAnswer.equals("SOLD_OUT")) {
                break;
            }
        }
        if (violation != null) {
            return;
        }
        long sold = sold();
        if (sold != stock || !closingLastAnswer.equals("SOLD_OUT")) {
            violation = new Violation("NOT_EXACTLY_STOCK_SOLD", "after a closing round of paying buyers, " + sold
                    + " units sold of " + stock + " (last closing answer " + closingLastAnswer + ")",
                    scheduler.steps());
        }
    }

    // ------------------------------------------------------------------ invariants

    Sale sale() {
        return rawCatalog.find(SALE).orElseThrow();
    }

    private long sold() {
        return rawOrders.listBySale(SALE).stream().filter(o -> o.status().holdsUnits()).mapToLong(Order::quantity)
                .sum();
    }

    private long remaining() {
        return rawItems.remaining(sale());
    }

    private void fail(String invariant, String detail) {
        if (violation == null) {
            violation = new Violation(invariant, detail, scheduler.steps());
            env.note("VIOLATION " + violation);
        }
    }

    /** After every step. */
    private void checkAlways() {
        long sold = sold();
        long remaining = remaining();
        if (sold > stockCeiling) {
            fail("OVERSOLD", sold + " units held by orders, stock " + stockCeiling);
        }
        if (remaining + sold > stockCeiling) {
            fail("UNIT_GIVEN_TWICE", "remaining " + remaining + " + sold " + sold + " > stock " + stockCeiling
                    + ": a unit is on sale again while an order holds it");
        }
        Map<String, Long> perUser = new HashMap<>();
        for (Order order : rawOrders.listBySale(SALE)) {
            if (order.status().holdsUnits()) {
                perUser.merge(order.userId(), (long) order.quantity(), Long::sum);
            }
            if (order.status() == OrderStatus.PAID) {
                Optional<Intent> intent = rawItems.intent(order.orderId());
                if (intent.isPresent() && intent.get().state().givenBack()) {
                    fail("PAID_AND_GIVEN_BACK", order.orderId() + " is paid and its intent is " + intent.get().state());
                }
            }
        }
        perUser.forEach((user, units) -> {
            if (units > shape.perUserLimit()) {
                fail("PER_USER_LIMIT", user + " holds " + units + " units, limit " + shape.perUserLimit());
            }
        });
    }

    /** Once settled. */
    private void checkSettled() {
        long sold = sold();
        long remaining = remaining();
        int stock = sale().stock();
        if (remaining + sold < stock) {
            fail("UNACCOUNTED", "remaining " + remaining + " + sold " + sold + " < stock " + stock);
        }
        for (Intent intent : rawItems.all()) {
            if (intent.state().pending()) {
                fail("STUCK_INTENT", intent.orderId() + " still " + intent.state() + " after the settling passes");
            }
        }
        for (Map.Entry<String, String> ok : admitted.entrySet()) {
            Optional<Order> order = rawOrders.find(ok.getKey());
            Set<OrderStatus> ends = Set.of(OrderStatus.CONFIRMED, OrderStatus.PAID, OrderStatus.EXPIRED);
            if (order.isEmpty() || !ends.contains(order.get().status())) {
                fail("ADMITTED_NOT_SOLD", "202 " + ok.getKey() + " to " + ok.getValue() + " ended "
                        + order.map(o -> o.status() + (o.reason() == null ? "" : " " + o.reason()))
                        .orElse("without an order"));
            }
        }
        Set<String> soldIds = new java.util.HashSet<>();
        for (Order order : rawOrders.listBySale(SALE)) {
            if (order.status().holdsUnits()) {
                soldIds.add(order.orderId());
            }
            if (order.status() == OrderStatus.CONFIRMED && order.awaitsPayment()) {
                fail("UNPAID_NOT_EXPIRED", order.orderId() + " still awaits payment past its window");
            }
            // Never both paid and given back, late charges (landed after a refund) included.
            Optional<Intent> intent = rawItems.intent(order.orderId());
            boolean givenBack = order.status() == OrderStatus.EXPIRED
                    || intent.isPresent() && intent.get().state().givenBack();
            if (givenBack && gateway.charged(order.orderId())) {
                fail("CHARGED_AND_GIVEN_BACK", order.orderId() + " is " + order.status() + ", its intent "
                        + intent.map(i -> i.state().name()).orElse("gone") + ", and the provider holds its charge");
            }
            if (order.status() == OrderStatus.PAID && !gateway.charged(order.orderId())) {
                fail("PAID_NOT_CHARGED", order.orderId());
            }
        }
        rawItems.buyerHolds(SALE).forEach((user, ids) -> {
            for (String id : ids) {
                if (!soldIds.contains(id)) {
                    fail("LOCKED_OUT", user + " is still counted for " + id + ", which holds nothing");
                }
            }
        });
        checkEvents();
    }

    /** Every status each order went through reached the bus, and none it did not go through. */
    private void checkEvents() {
        Set<String> expected = new java.util.HashSet<>();
        for (Order order : rawOrders.listBySale(SALE)) {
            if (OrderEvent.announced(order.status())) {
                expected.add(OrderEvent.idOf(order.orderId(), order.status()));
            }
            if (order.status() == OrderStatus.PAID || order.status() == OrderStatus.EXPIRED) {
                expected.add(OrderEvent.idOf(order.orderId(), OrderStatus.CONFIRMED));
            }
        }
        Set<String> delivered = Set.copyOf(bus.deliveredIds());
        for (String id : expected) {
            if (!delivered.contains(id)) {
                fail("EVENT_LOST", id + " never reached the bus after the settling passes");
            }
        }
        for (String id : delivered) {
            if (!expected.contains(id)) {
                fail("EVENT_WITHOUT_STATUS", id + " reached the bus; the order never had that status");
            }
        }
    }
}
