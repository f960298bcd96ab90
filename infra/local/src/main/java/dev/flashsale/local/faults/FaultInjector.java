package dev.flashsale.local.faults;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flashsale.local.functions.InvocationHook;
import dev.flashsale.local.queue.DeliveryHook;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injects the faults of one run into the local stack and counts those that fired. It is the function host's
 * {@link InvocationHook} (it arms the {@link CrashInterceptor} for admission and order invocations, and starts the
 * timed faults as purchases come in), the event sources' {@link DeliveryHook} (consumers down, messages twice and
 * out of order) and the {@link FaultProxy} rules in front of the DynamoDB and SQS servers (throttling, failed
 * sends). The timed faults start while stock is being taken: at a purchase count scaled to the stock.
 */
public final class FaultInjector implements InvocationHook, DeliveryHook, AutoCloseable {

    /** What the injector acts on in the running stack. */
    public interface Stack {
        /** Stops (true) or resumes (false) the DynamoDB server process: SIGSTOP / SIGCONT. */
        void pauseStore(boolean paused);

        /** Kills the cache server; the stack's supervisor starts it again, empty, on the same port. */
        void restartCacheEmpty();

        SqsClient sqs();
    }

    public static final String ADMISSION = "AdmissionFunction";
    public static final String ORDERS = "OrderFunction";
    static final long THROTTLE_MILLIS = 2_000;
    /** The sends that fail once the queue's failure starts: counted, not timed, so it fires at any pace. */
    static final int MIN_SEND_FAILURES = 3;
    static final long PAUSE_MILLIS = 5_000;
    /** Longer than the queue's visibility timeout in a fault run ({@link FaultStack#VISIBILITY_SECONDS}). */
    static final long OUTAGE_MILLIS = 12_000;

    private final Set<Fault> faults;
    private final int stock;
    private final Map<Fault, AtomicLong> fired = Collections.synchronizedMap(new EnumMap<>(Fault.class));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "faults");
        thread.setDaemon(true);
        return thread;
    });
    private final ThreadLocal<CrashInterceptor.Plan> current = new ThreadLocal<>();
    private final AtomicInteger purchases = new AtomicInteger();
    private final AtomicInteger orderBatches = new AtomicInteger();
    private final AtomicInteger deliveries = new AtomicInteger();
    private final Set<String> duplicated = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final CrashCycle admissionCrashes;
    private final CrashCycle orderCrashes;
    private volatile long throttleUntil;
    private final AtomicInteger sendFailuresLeft = new AtomicInteger();
    private volatile long outageUntil;
    private volatile boolean paused;
    private final Set<Fault> windowsStarted = EnumSet.noneOf(Fault.class);
    private volatile Stack stack;
    private final ReconcileAge reconcileAge;
    private volatile long reconcileAfterMinutes;
    private FaultProxy storeProxy;
    private FaultProxy queueProxy;

    public FaultInjector(Set<Fault> faults, int stock) {
        this(faults, stock, ReconcileAge.RIGHT_AFTER_THE_SALE);
    }

    public FaultInjector(Set<Fault> faults, int stock, ReconcileAge reconcileAge) {
        this.reconcileAge = reconcileAge;
        this.faults = Set.copyOf(faults);
        this.stock = stock;
        int crashes = Math.max(8, Math.min(24, stock / 2));
        this.admissionCrashes = new CrashCycle(0, crashes);
        this.orderCrashes = new CrashCycle(1, Math.max(6, crashes / 2));
    }

    public boolean has(Fault fault) {
        return faults.contains(fault);
    }

    public ReconcileAge reconcileAge() {
        return reconcileAge;
    }

    /** The age the reconciler's functions run with (minutes), as the stack set it. */
    void noteReconcileAfterMinutes(long minutes) {
        this.reconcileAfterMinutes = minutes;
    }

    long reconcileAfterMinutes() {
        return reconcileAfterMinutes;
    }

    public Set<Fault> faults() {
        return faults;
    }

    /** Starts the proxies in front of the two servers; the functions' endpoints must then point at them. */
    public void start(String storeEndpoint, String queueEndpoint, Stack stack) throws IOException {
        this.stack = stack;
        this.storeProxy = new FaultProxy(java.net.URI.create(storeEndpoint), this::refuseStore);
        this.queueProxy = new FaultProxy(java.net.URI.create(queueEndpoint), this::refuseQueue);
    }

    public String storeEndpoint() {
        return storeProxy.endpoint();
    }

    public String queueEndpoint() {
        return queueProxy.endpoint();
    }

    /** Counts a fault that fired outside the stack (shoppers who never pay). */
    public void record(Fault fault, long times) {
        if (times > 0) {
            fired.computeIfAbsent(fault, f -> new AtomicLong()).addAndGet(times);
        }
    }

    /** The faults that fired, with how many times, by label. */
    public Map<String, Long> fired() {
        Map<String, Long> out = new TreeMap<>();
        synchronized (fired) {
            fired.forEach((fault, count) -> out.put(fault.label(), count.get()));
        }
        return out;
    }

    // ------------------------------------------------------------------ function containers

    @Override
    public void begin(String function, Object event) {
        if (ADMISSION.equals(function) && event instanceof APIGatewayProxyRequestEvent request && isPurchase(request)) {
            int purchase = purchases.incrementAndGet();
            startTimedFaults(purchase);
            arm(function, has(Fault.ADMISSION_CRASH) && purchase % 3 == 0 ? admissionCrashes : null,
                    Fault.ADMISSION_CRASH);
        } else if (ORDERS.equals(function) && event instanceof SQSEvent) {
            int batch = orderBatches.incrementAndGet();
            arm(function, has(Fault.ORDER_CRASH) && batch % 3 == 1 ? orderCrashes : null, Fault.ORDER_CRASH);
        }
    }

    private void arm(String function, CrashCycle cycle, Fault fault) {
        CrashInterceptor.Plan plan = cycle == null
                ? new CrashInterceptor.Plan(function, -1, () -> { })
                : cycle.plan(function, () -> record(fault, 1));
        if (plan != null) {
            current.set(plan);
            CrashInterceptor.arm(plan);
        }
    }

    @Override
    public void end(String function) {
        CrashInterceptor.Plan plan = current.get();
        if (plan != null) {
            current.remove();
            CrashInterceptor.disarm();
            (ADMISSION.equals(function) ? admissionCrashes : orderCrashes).observed(plan);
        }
    }

    private static boolean isPurchase(APIGatewayProxyRequestEvent request) {
        return "POST".equals(request.getHttpMethod()) && request.getPath() != null
                && request.getPath().endsWith("/purchases");
    }

    /** The crash points of one function, taken in turn: before its first write, after the first, the second... */
    private static final class CrashCycle {
        private final int first;
        private final int most;
        private int next;
        private int deepest;
        private int crashes;
        private CrashInterceptor.Plan armed;

        CrashCycle(int first, int most) {
            this.first = first;
            this.most = most;
            this.next = first;
            this.deepest = first;
        }

        synchronized CrashInterceptor.Plan plan(String function, Runnable onCrash) {
            if (crashes >= most || armed != null) {
                return new CrashInterceptor.Plan(function, -1, () -> { });
            }
            armed = new CrashInterceptor.Plan(function, next, () -> {
                synchronized (this) {
                    crashes++;
                    next = next >= deepest ? first : next + 1;
                }
                onCrash.run();
            });
            return armed;
        }

        synchronized void observed(CrashInterceptor.Plan plan) {
            if (!plan.crashed()) {
                deepest = Math.max(deepest, plan.writes());
                if (next > deepest) {
                    next = first;
                }
            }
            if (plan == armed) {
                armed = null;
            }
        }
    }

    // ------------------------------------------------------------------ timed faults

    private int at(int share) {
        return Math.max(3, stock / share);
    }

    private void startTimedFaults(int purchase) {
        long now = System.currentTimeMillis();
        if (purchase == 1 && has(Fault.CONSUMER_OUTAGE)) {
            outageUntil = now + OUTAGE_MILLIS;
            record(Fault.CONSUMER_OUTAGE, 1);
        }
        startWindow(Fault.STORE_THROTTLE, purchase >= at(10),
                () -> throttleUntil = now + THROTTLE_MILLIS);
        startWindow(Fault.QUEUE_SEND_FAILURE, purchase >= at(5),
                () -> sendFailuresLeft.set(Math.max(MIN_SEND_FAILURES, stock / 20)));
        startWindow(Fault.STORE_PAUSE, purchase >= at(4), () -> timer.execute(() -> {
            record(Fault.STORE_PAUSE, 1); // before the pause: whoever sees the store paused sees it counted
            stack.pauseStore(true);
            paused = true;
            timer.schedule(this::resumeStore, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }));
        if (purchase == at(2) && has(Fault.CACHE_LOSS)) {
            timer.execute(() -> {
                try {
                    stack.restartCacheEmpty();
                    record(Fault.CACHE_LOSS, 1);
                } catch (RuntimeException failed) {
                    System.err.println("cache-loss: " + failed.getMessage());
                }
            });
        }
    }

    /**
     * The store throttle, the queue's send failures and the store pause run one after the other, in that order,
     * each from the first purchase past its share of the stock once the one before it has started. The throttle
     * and the pause are timed; the send failures are counted and end when the last has failed, and the pause waits
     * for that (a paused store would keep purchases from reaching the failing queue). No window waits for time to
     * pass: a sale that sells out in a second still meets every fault it names.
     */
    private synchronized void startWindow(Fault fault, boolean due, Runnable start) {
        if (!has(fault) || !due || windowsStarted.contains(fault)) {
            return;
        }
        for (Fault before : List.of(Fault.STORE_THROTTLE, Fault.QUEUE_SEND_FAILURE, Fault.STORE_PAUSE)) {
            if (before == fault) {
                break;
            }
            if (has(before) && !windowsStarted.contains(before)) {
                return; // an earlier window has not started yet
            }
        }
        if (fault == Fault.STORE_PAUSE && has(Fault.QUEUE_SEND_FAILURE) && sendFailuresLeft.get() > 0) {
            return; // the queue still has sends to fail
        }
        windowsStarted.add(fault);
        start.run();
    }

    private void resumeStore() {
        if (paused) {
            paused = false;
            stack.pauseStore(false);
        }
    }

    FaultProxy.Refusal refuseStore(String operation) {
        if (System.currentTimeMillis() < throttleUntil) {
            long count = fired.computeIfAbsent(Fault.STORE_THROTTLE, f -> new AtomicLong()).incrementAndGet();
            return FaultProxy.Refusal.dynamoThrottle(count % 2 == 0);
        }
        return null;
    }

    FaultProxy.Refusal refuseQueue(String operation) {
        // before the window starts there are none left to fail
        if (operation.startsWith("SendMessage") && sendFailuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            record(Fault.QUEUE_SEND_FAILURE, 1);
            return FaultProxy.Refusal.sqsInternalError();
        }
        return null;
    }

    // ------------------------------------------------------------------ event sources

    @Override
    public boolean holding() {
        return System.currentTimeMillis() < outageUntil;
    }

    /**
     * Every third message comes again a little later (a second copy in the queue, once per message); each batch
     * arrives reversed.
     */
    @Override
    public List<Message> deliver(List<Message> batch, String queueUrl) {
        if (!has(Fault.DUPLICATE_DELIVERY)) {
            return batch;
        }
        for (Message message : batch) {
            if (deliveries.incrementAndGet() % 3 == 0 && duplicated.add(message.body())) {
                stack.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.body())
                        .messageAttributes(message.messageAttributes()).delaySeconds(1));
                record(Fault.DUPLICATE_DELIVERY, 1);
            }
        }
        List<Message> reversed = new ArrayList<>(batch);
        Collections.reverse(reversed);
        return reversed;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        resumeStore();
        if (storeProxy != null) {
            storeProxy.close();
        }
        if (queueProxy != null) {
            queueProxy.close();
        }
    }
}
