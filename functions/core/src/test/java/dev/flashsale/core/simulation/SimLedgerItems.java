package dev.flashsale.core.simulation;

import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;
import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.sale.Sale;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The ledger's items as the DynamoDB adapter ({@code DynamoLedgerItems}, {@code DynamoStockShards}) behaves on
 * AWS, around the core's in-memory fake: every call is a point where another actor runs and the world may fail it
 * ({@link Env}); the two indexes ({@code pendingBySale}, {@code buyersBySale}) lag; and an SDK retry of a landed
 * write does what the adapter makes of it: an intent's write carries a call token, so its retry answers as the
 * first attempt did; a buyer count is idempotent on the order id; a shard take or put-back carries a call token
 * the shard item keeps, so its retry moves nothing (the fake recognises it as the adapter does); a restart of an
 * abandoned count is not tagged, so its retry answers false.
 * The audit's settle pause ({@code FLASHSALE_INDEX_SETTLE_MILLIS}), a real sleep in {@code LedgerAudit}, is run
 * here as simulated time: the audit reads the index right after the shards, so that read first sleeps.
 */
final class SimLedgerItems implements LedgerItems {

    private final InMemoryLedgerItems raw;
    private final Env env;
    private final Lagging<Intent> pendingIndex = new Lagging<>();
    private final Lagging<Map.Entry<String, Set<String>>> buyersIndex = new Lagging<>();

    SimLedgerItems(InMemoryLedgerItems raw, Env env) {
        this.raw = raw;
        this.env = env;
    }

    InMemoryLedgerItems raw() {
        return raw;
    }

    private <T> T write(String call, Supplier<T> attempt, boolean retryRepeats) {
        env.before(call);
        T answer = attempt.get();
        if (retryRepeats && env.sdkRetry(call)) {
            answer = attempt.get();
        }
        env.landed(call);
        return answer;
    }

    private <T> T read(String call, Supplier<T> attempt) {
        env.before(call);
        return attempt.get();
    }

    private void indexIntent(String orderId) {
        Optional<Intent> now = raw.intent(orderId);
        pendingIndex.wrote(orderId, now.filter(i -> i.state().pending()).orElse(null), env.scheduler.now(),
                env.indexLag());
    }

    private void indexBuyer(String saleId, String userId) {
        Set<String> holds = raw.buyerHolds(saleId).getOrDefault(userId, Set.of());
        buyersIndex.wrote(saleId + "|" + userId, holds.isEmpty() ? null : Map.entry(saleId + "|" + userId,
                Set.copyOf(holds)), env.scheduler.now(), env.indexLag());
    }

    @Override
    public boolean putIntent(Intent intent) {
        return write("putIntent " + intent.orderId() + " " + intent.state(), () -> {
            boolean put = raw.putIntent(intent);
            indexIntent(intent.orderId());
            return put;
        }, false);
    }

    @Override
    public Optional<Intent> intent(String orderId) {
        return read("intent " + orderId, () -> raw.intent(orderId));
    }

    @Override
    public boolean moveIntent(String orderId, Set<IntentState> from, IntentState to, int shard) {
        return write("moveIntent " + orderId + " " + from + "->" + to, () -> {
            boolean moved = raw.moveIntent(orderId, from, to, shard);
            indexIntent(orderId);
            return moved;
        }, false);
    }

    @Override
    public boolean restartIntent(String orderId, java.time.Instant now) {
        return write("restartIntent " + orderId, () -> {
            boolean restarted = raw.restartIntent(orderId, now);
            indexIntent(orderId);
            return restarted;
        }, true);
    }

    @Override
    public boolean markQueued(String orderId, java.time.Instant at) {
        return write("markQueued " + orderId, () -> {
            boolean queued = raw.markQueued(orderId, at);
            indexIntent(orderId);
            return queued;
        }, true);
    }

    @Override
    public List<Intent> pendingIntents(String saleId) {
        Scheduler.Actor actor = env.scheduler.current();
        int settle = env.shape().indexSettleMillis();
        if (actor != null && actor.lastCall.startsWith("remaining") && settle > 0) {
            env.scheduler.sleep(Duration.ofMillis(settle)); // LedgerAudit.awaitIndex
        }
        return read("pendingIntents(index) " + saleId, () -> pendingIndex.read(env.scheduler.now()).stream()
                .filter(intent -> intent.saleId().equals(saleId)).toList());
    }

    @Override
    public BuyerCount countBuyer(Sale sale, String userId, String orderId, int quantity) {
        return write("countBuyer " + userId + " " + orderId, () -> {
            BuyerCount counted = raw.countBuyer(sale, userId, orderId, quantity);
            indexBuyer(sale.id(), userId);
            return counted;
        }, false);
    }

    @Override
    public void uncountBuyer(String saleId, String userId, String orderId, int quantity) {
        write("uncountBuyer " + userId + " " + orderId, () -> {
            raw.uncountBuyer(saleId, userId, orderId, quantity);
            indexBuyer(saleId, userId);
            return null;
        }, false);
    }

    @Override
    public Map<String, Set<String>> buyerHolds(String saleId) {
        return read("buyerHolds(index) " + saleId, () -> {
            Map<String, Set<String>> holds = new HashMap<>();
            for (Map.Entry<String, Set<String>> buyer : buyersIndex.read(env.scheduler.now())) {
                if (buyer.getKey().startsWith(saleId + "|")) {
                    holds.put(buyer.getKey().substring(saleId.length() + 1), new LinkedHashSet<>(buyer.getValue()));
                }
            }
            return holds;
        });
    }

    @Override
    public int take(Sale sale, int quantity, String token) {
        return write("take " + sale.id(), () -> raw.take(sale, quantity, token), true);
    }

    @Override
    public boolean takeFrom(String saleId, int shard, int quantity, String token) {
        return write("takeFrom " + saleId + "#" + shard + " -" + quantity,
                () -> raw.takeFrom(saleId, shard, quantity, token), true);
    }

    @Override
    public void putBack(String saleId, int shard, int quantity, String token) {
        write("putBack " + saleId + "#" + shard + " +" + quantity, () -> {
            raw.putBack(saleId, shard, quantity, token);
            return null;
        }, true);
    }

    @Override
    public int[] remainingByShard(String saleId, int shards) {
        return read("remainingByShard " + saleId, () -> raw.remainingByShard(saleId, shards));
    }

    @Override
    public long remaining(Sale sale) {
        return read("remaining " + sale.id(), () -> raw.remaining(sale));
    }

    @Override
    public ShardReading readShards(Sale sale) {
        return read("remaining(shards) " + sale.id(), () -> raw.readShards(sale));
    }

    @Override
    public void fill(Sale sale, int available) {
        write("fill " + sale.id() + " =" + available, () -> {
            raw.fill(sale, available);
            return null;
        }, true);
    }
}
