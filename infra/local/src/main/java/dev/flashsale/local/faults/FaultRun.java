package dev.flashsale.local.faults;

import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.simulate.Simulation;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a fault run does once the shoppers are done: the queue drains, the reconciler runs (on demand: its
 * schedule is held in a fault run), and while the stores show units back in stock, shoppers who have not bought
 * come back for them, as they do when a sold-out page shows stock again. It ends with two more reconciler passes
 * (the second must repair nothing) and the audit of the stores.
 */
public final class FaultRun implements Simulation.AfterSale {

    /** Each repair in the reconciler's answer is one record with its {@code what}. */
    private static final Pattern REPAIR = Pattern.compile("\"what\"\\s*:");
    private static final int MOST_ROUNDS = 8;
    private static final int MOST_PAYMENT_ROUNDS = 120;
    private static final long PAYMENT_RETRY_MILLIS = 250;

    private final LocalSystem system;
    private final StoreAudit audit;
    private final FaultInjector faults;
    private final Payers payers;
    private long repairs;
    private long repairsOnLastPass;
    private int rounds;
    private StoreAudit.Result result;

    public FaultRun(LocalSystem system, StoreAudit audit, FaultInjector faults, int stock) {
        this.system = system;
        this.audit = audit;
        this.faults = faults;
        this.payers = faults.has(Fault.UNPAID) ? new Payers(stock) : null;
    }

    /** Winners pay while the sale runs, as soon as their order is confirmed (with {@code unpaid}); stop with close. */
    public AutoCloseable payAsConfirmed(Simulation simulation) {
        if (payers == null) {
            return () -> { };
        }
        java.util.concurrent.ScheduledExecutorService payer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "payers");
                    thread.setDaemon(true);
                    return thread;
                });
        payer.scheduleWithFixedDelay(() -> {
            try {
                payers.settle(simulation);
            } catch (RuntimeException notYet) {
                // the sale is not created yet, or the stack is busy: the next check pays
            }
        }, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
        return payer::shutdownNow;
    }

    /** The sale's definition members this run needs: a short payment window with {@code unpaid}. */
    public String saleFields() {
        return payers == null ? "" : "\"paymentMinutes\":" + Payers.PAYMENT_MINUTES;
    }

    /** Shoppers who chose never to pay (0 without {@code unpaid}). */
    public int nonPayers() {
        return payers == null ? 0 : payers.nonPayers();
    }

    /**
     * Winners pay; while a non-payer's order is open, the functions' clock jumps past its deadline and the
     * expiry's grace (the shoppers who pay have paid first, as they would within a real window).
     */
    private void settlePayments(Simulation simulation) throws InterruptedException {
        if (payers == null) {
            return;
        }
        Payers.Standing standing = payers.settle(simulation);
        for (int round = 1; standing.payersOwed() > 0; round++) {
            if (round > MOST_PAYMENT_ROUNDS) {
                throw new IllegalStateException(standing.payersOwed() + " payments still refused after "
                        + MOST_PAYMENT_ROUNDS + " rounds");
            }
            Thread.sleep(PAYMENT_RETRY_MILLIS); // a shopper's retry, not a wait for a condition
            standing = payers.settle(simulation);
        }
        if (standing.unpaidOpen()) {
            system.clock().jump(Duration.ofMinutes(Payers.PAYMENT_MINUTES).plus(OrderExpiry.GRACE).plusSeconds(2));
        }
    }

    @Override
    public void run(Simulation simulation, Simulation.Settings settings) throws InterruptedException {
        for (rounds = 1; rounds <= MOST_ROUNDS; rounds++) {
            drain();
            settlePayments(simulation);
            repairs += reconcile();
            StoreAudit.Result now = audit.audit(settings.saleId(), settings.stock());
            long free = Math.max(now.remaining(), now.cacheRemaining());
            if (free <= 0 && now.held() <= 0) {
                break;
            }
            if (free > 0) {
                Thread.sleep(1_200); // the containers' sold-out memory lasts a second
                simulation.comeBack(settings, (int) Math.min(Integer.MAX_VALUE, free * 2 + 5));
            }
        }
        drain();
        settlePayments(simulation);
        if (faults.reconcileAge() == ReconcileAge.THE_TEMPLATES) {
            // every record of the sale is now older than the reconciler's age, as it is the next day
            system.clock().jump(Duration.ofMinutes(faults.reconcileAfterMinutes() + 1));
        }
        repairs += reconcile();
        drain();
        repairsOnLastPass = reconcile();
        repairs += repairsOnLastPass;
        result = audit.audit(settings.saleId(), settings.stock());
        if (payers != null) {
            faults.record(Fault.UNPAID, payers.nonPayers());
        }
    }

    private void drain() throws InterruptedException {
        if (!system.awaitQueuesDrained(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the order queue did not drain within 5 minutes");
        }
    }

    /** One pass of every scheduled function (the reconciler); the repairs its answer reports. */
    private long reconcile() {
        long repaired = 0;
        for (Object answer : system.runScheduled()) {
            Matcher matcher = REPAIR.matcher(String.valueOf(answer));
            while (matcher.find()) {
                repaired++;
            }
        }
        return repaired;
    }

    public long repairs() {
        return repairs;
    }

    /** What the final reconciler pass repaired: 0 when a pass changes nothing the second time. */
    public long repairsOnLastPass() {
        return repairsOnLastPass;
    }

    public int rounds() {
        return rounds;
    }

    public StoreAudit.Result result() {
        return result;
    }
}
