package dev.flashsale.local.faults;

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

    private static final Pattern REPAIRS = Pattern.compile("\"(released|repaired|repairs|expired)\"\\s*:\\s*(\\d+)");
    private static final int MOST_ROUNDS = 8;

    private final LocalSystem system;
    private final StoreAudit audit;
    private long repairs;
    private long repairsOnLastPass;
    private int rounds;
    private StoreAudit.Result result;

    public FaultRun(LocalSystem system, StoreAudit audit) {
        this.system = system;
        this.audit = audit;
    }

    @Override
    public void run(Simulation simulation, Simulation.Settings settings) throws InterruptedException {
        for (rounds = 1; rounds <= MOST_ROUNDS; rounds++) {
            drain();
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
        repairs += reconcile();
        drain();
        repairsOnLastPass = reconcile();
        repairs += repairsOnLastPass;
        result = audit.audit(settings.saleId(), settings.stock());
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
            Matcher matcher = REPAIRS.matcher(String.valueOf(answer));
            while (matcher.find()) {
                repaired += Long.parseLong(matcher.group(2));
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
