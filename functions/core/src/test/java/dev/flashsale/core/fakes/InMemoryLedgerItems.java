package dev.flashsale.core.fakes;

import dev.flashsale.core.ledger.Intent;
import dev.flashsale.core.ledger.IntentState;

import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.ShardPlan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ledger's items in memory, with the same conditional single-item semantics as the DynamoDB adapter, and a
 * fault switch: the n-th write that changes something lands and then the caller crashes, times out, or finds the
 * store down from then on.
 */
public final class InMemoryLedgerItems implements LedgerItems {

    /** The process died right after a write landed: nothing after it runs, not even an undo. */
    public static final class Crash extends Error {
        Crash(int write) {
            super("crash after write " + write);
        }
    }

    public enum Fault {
        /** The write lands, then the process dies. */
        CRASH,
        /** The write lands, but the caller sees a failure (a timeout); later writes work. */
        LANDED_THEN_TIMEOUT,
        /** The write lands, the caller sees a failure, and every later write fails without landing. */
        STORE_DOWN
    }

    private final Map<String, Intent> intents = new HashMap<>();
    private final Map<String, Set<String>> holds = new HashMap<>();   // saleId|userId → order ids
    private final Map<String, Shard> shards = new HashMap<>();   // saleId#shard → the shard item
    private boolean resend;
    private int writes;
    private int faultAt = -1;
    private Fault fault;
    private boolean down;
    private Consumer<Call> beforeCall = call -> { };

    /** One store call: its name, the sale it concerns, and the order id it is keyed on (null when none). */
    public record Call(String name, String saleId, String orderId) {
    }

    /**
     * Runs {@code hook} before every store call: where a test (or a scheduler) lets another actor run, as two
     * Lambda invocations interleave between their store calls, or makes the call fail (a throttle).
     */
    public void beforeEachCall(Consumer<Call> hook) {
        this.beforeCall = hook;
    }

    private void call(String name, String saleId, String orderId) {
        beforeCall.accept(new Call(name, saleId, orderId));
    }

    private void call(String name, String orderId) {
        Intent known = intents.get(orderId);
        call(name, known == null ? null : known.saleId(), orderId);
    }

    public void failAt(int write, Fault kind) {
        this.writes = 0;
        this.faultAt = write;
        this.fault = kind;
        this.down = false;
    }

    public void heal() {
        faultAt = -1;
        down = false;
    }

    public int writes() {
        return writes;
    }

    /** Before a write: a store that is down refuses it. */
    private void before() {
        if (down) {
            throw new IllegalStateException("store unavailable");
        }
    }

    /** After a write landed: the fault, if this is its write. */
    private void landed() {
        writes++;
        if (writes != faultAt) {
            return;
        }
        switch (fault) {
            case CRASH -> throw new Crash(writes);
            case LANDED_THEN_TIMEOUT -> throw new IllegalStateException("timed out after write " + writes);
            case STORE_DOWN -> {
                down = true;
                throw new IllegalStateException("store went down after write " + writes);
            }
        }
    }

    @Override
    public synchronized boolean putIntent(Intent intent) {
        call("putIntent", intent.saleId(), intent.orderId());
        before();
        if (intents.containsKey(intent.orderId())) {
            return false;
        }
        intents.put(intent.orderId(), intent);
        landed();
        return true;
    }

    @Override
    public synchronized Optional<Intent> intent(String orderId) {
        call("intent", orderId);
        return Optional.ofNullable(intents.get(orderId));
    }

    @Override
    public synchronized boolean moveIntent(String orderId, Set<IntentState> from, IntentState to, int shard) {
        call("moveIntent", orderId);
        before();
        Intent intent = intents.get(orderId);
        if (intent == null || !from.contains(intent.state())) {
            return false;
        }
        intents.put(orderId, intent.in(to, shard == Intent.NO_SHARD ? intent.shard() : shard));
        landed();
        return true;
    }

    @Override
    public synchronized boolean restartIntent(String orderId, Instant now) {
        call("restartIntent", orderId);
        before();
        Intent intent = intents.get(orderId);
        if (intent == null || intent.state() != IntentState.ABANDONED) {
            return false;
        }
        intents.put(orderId, new Intent(orderId, intent.saleId(), intent.userId(), intent.quantity(), intent.shard(),
                IntentState.TAKING, now));
        landed();
        return true;
    }

    @Override
    public synchronized boolean markQueued(String orderId, Instant at) {
        call("markQueued", orderId);
        before();
        Intent intent = intents.get(orderId);
        if (intent == null || intent.state() != IntentState.RESERVED && intent.state() != IntentState.QUEUED) {
            return false;
        }
        intents.put(orderId, new Intent(orderId, intent.saleId(), intent.userId(), intent.quantity(), intent.shard(),
                IntentState.QUEUED, at));
        landed();
        return true;
    }

    @Override
    public synchronized List<Intent> pendingIntents(String saleId) {
        call("pendingIntents", saleId, null);
        return intents.values().stream().filter(i -> i.saleId().equals(saleId) && i.state().pending()).toList();
    }

    @Override
    public synchronized BuyerCount countBuyer(Sale sale, String userId, String orderId, int quantity) {
        call("countBuyer", sale.id(), orderId);
        before();
        Set<String> held = holds.computeIfAbsent(sale.id() + "|" + userId, k -> new LinkedHashSet<>());
        if (held.contains(orderId)) {
            return BuyerCount.COUNTED;
        }
        if (held.size() + quantity > sale.perUserLimit()) {
            return BuyerCount.LIMIT_REACHED;
        }
        held.add(orderId);
        landed();
        return BuyerCount.COUNTED;
    }

    @Override
    public synchronized void uncountBuyer(String saleId, String userId, String orderId, int quantity) {
        call("uncountBuyer", saleId, orderId);
        before();
        Set<String> held = holds.get(saleId + "|" + userId);
        if (held != null && held.remove(orderId)) {
            landed();
        }
    }

    @Override
    public synchronized Map<String, Set<String>> buyerHolds(String saleId) {
        call("buyerHolds", saleId, null);
        Map<String, Set<String>> bySale = new HashMap<>();
        holds.forEach((key, ids) -> {
            if (key.startsWith(saleId + "|") && !ids.isEmpty()) {
                bySale.put(key.substring(saleId.length() + 1), new LinkedHashSet<>(ids));
            }
        });
        return bySale;
    }

    /** The units a buyer holds. */
    public synchronized int bought(String saleId, String userId) {
        return holds.getOrDefault(saleId + "|" + userId, Set.of()).size();
    }

    /**
     * A shard item as the DynamoDB adapter keeps it: the units and the tokens of its recent takes and put-backs,
     * one slot per token's hash (a newer token in the same slot forgets the older one, as the adapter's do).
     */
    private static final class Shard {
        int stock;
        final String[] takes = new String[RECENT_TOKENS];
        final String[] backs = new String[RECENT_TOKENS];

        static int slot(String token) {
            return Math.floorMod(token.hashCode(), RECENT_TOKENS);
        }

        static boolean holds(String[] tokens, String token) {
            return token.equals(tokens[slot(token)]);
        }
    }

    private Shard shard(String saleId, int shard) {
        return shards.computeIfAbsent(saleId + "#" + shard, key -> new Shard());
    }

    /**
     * The SDK resends the next shard write that lands once more (its answer was lost): the resend carries the
     * same token, so the write is recognised and moves nothing; a store without tokens would move units twice.
     */
    public synchronized void resendNextShardWrite() {
        resend = true;
    }

    private boolean resendNow() {
        boolean now = resend;
        resend = false;
        return now;
    }

    @Override
    public synchronized int take(Sale sale, int quantity, String token) {
        call("take", sale.id(), null);
        before();
        for (int shard = 0; shard < sale.shards(); shard++) {
            if (takeAnswered(sale.id(), shard, quantity, token)) {
                return shard;
            }
        }
        return -1;
    }

    @Override
    public synchronized boolean takeFrom(String saleId, int shard, int quantity, String token) {
        call("takeFrom", saleId, null);
        before();
        return takeAnswered(saleId, shard, quantity, token);
    }

    /** One shard's take as its caller learns it: when the SDK resends a take that landed, the resend's answer. */
    private boolean takeAnswered(String saleId, int shard, int quantity, String token) {
        if (!takeOnce(saleId, shard, quantity, token)) {
            return false;
        }
        landed();
        return !resendNow() || takeOnce(saleId, shard, quantity, token);
    }

    /** The conditional write and, when its condition fails, the strong read telling a landed retry from empty. */
    private boolean takeOnce(String saleId, int shard, int quantity, String token) {
        Shard item = shard(saleId, shard);
        if (item.stock >= quantity && !Shard.holds(item.takes, token)) {
            item.stock -= quantity;
            item.takes[Shard.slot(token)] = token;
            return true;
        }
        return Shard.holds(item.takes, token);
    }

    @Override
    public synchronized void putBack(String saleId, int shard, int quantity, String token) {
        call("putBack", saleId, null);
        before();
        putBackOnce(saleId, shard, quantity, token);
        landed();
        if (resendNow()) {
            putBackOnce(saleId, shard, quantity, token);
        }
    }

    private void putBackOnce(String saleId, int shard, int quantity, String token) {
        Shard item = shard(saleId, shard);
        if (!Shard.holds(item.backs, token)) {
            item.stock += quantity;
            item.backs[Shard.slot(token)] = token;
        }
    }

    @Override
    public synchronized int[] remainingByShard(String saleId, int shards) {
        call("remainingByShard", saleId, null);
        int[] units = new int[shards];
        for (int shard = 0; shard < shards; shard++) {
            units[shard] = Math.max(0, shard(saleId, shard).stock);
        }
        return units;
    }

    @Override
    public synchronized long remaining(Sale sale) {
        call("remaining", sale.id(), null);
        long sum = 0;
        for (int shard = 0; shard < sale.shards(); shard++) {
            sum += shard(sale.id(), shard).stock;
        }
        return sum;
    }

    /** The adapter's reading: the units, and as the mark the shard items' units and token slots, shard by shard. */
    @Override
    public synchronized ShardReading readShards(Sale sale) {
        call("remaining", sale.id(), null);
        long sum = 0;
        StringBuilder mark = new StringBuilder();
        for (int shard = 0; shard < sale.shards(); shard++) {
            Shard item = shard(sale.id(), shard);
            sum += item.stock;
            mark.append(shard).append('=').append(item.stock).append(java.util.Arrays.toString(item.takes))
                    .append(java.util.Arrays.toString(item.backs)).append(';');
        }
        return new ShardReading(sum, mark.toString());
    }

    /** Sets the stock of every shard the sale has had; those past its count sell nothing (as the adapter does). */
    @Override
    public synchronized void fill(Sale sale, int available) {
        call("fill", sale.id(), null);
        for (int shard = 0; shard < ShardPlan.MAX_SHARDS; shard++) {
            boolean inSale = shard < sale.shards();
            if (inSale || shards.containsKey(sale.id() + "#" + shard)) {
                shard(sale.id(), shard).stock = inSale ? ShardPlan.unitsInShard(available, sale.shards(), shard) : 0;
            }
        }
    }

    public synchronized List<Intent> all() {
        return new ArrayList<>(intents.values());
    }
}
