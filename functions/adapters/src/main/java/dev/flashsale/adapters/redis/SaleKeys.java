package dev.flashsale.adapters.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * The Redis keys of one sale. Every key carries the hash tag {@code {sale:ID}}, so all of a sale's keys live in one
 * cluster slot and one Lua script may touch them all (ElastiCache Serverless always runs in cluster mode).
 */
public record SaleKeys(String saleId) {

    private String prefix() {
        return "{sale:" + saleId + "}:";
    }

    /**
     * Hash: stock (the sale's, as the copy was last given it), startsAt, endsAt (epoch millis), limit, shards; while
     * a sale rebuilt after a loss is closed, restoredAt and, once the order queue has read empty, drainedAt (epoch
     * millis).
     */
    public String meta() {
        return prefix() + "meta";
    }

    /** Hash: user id → units held. */
    public String buyers() {
        return prefix() + "buyers";
    }

    /**
     * Hash: order id → {@code STATE|quantity|shard|reservedAtMillis|userId}; STATE is RESERVED, QUEUED (sent again
     * by the reconciler; the time is the send's), CLAIMED, RELEASED or REJECTED.
     */
    public String reservations() {
        return prefix() + "reservations";
    }

    /** String: the first answer given for an order id (idempotent retries), kept a few minutes. */
    public String answer(String orderId) {
        return prefix() + "answer:" + orderId;
    }

    /** Set: order ids whose units an expiry is giving back (its idempotency guard), until the order records it. */
    public String restocked() {
        return prefix() + "restocked";
    }

    /** String: set while one caller rebuilds a lost sale; left to expire, so nobody rebuilds it twice in a row. */
    public String rebuilding() {
        return prefix() + "rebuilding";
    }

    /** String: set for a second while one caller looks at the order queue for a sale being restored. */
    public String queueCheck() {
        return prefix() + "queue-check";
    }

    /** String: set while one caller reopens a restored sale; left to expire, so nobody rebuilds it again. */
    public String reopening() {
        return prefix() + "reopening";
    }

    public String stock(int shard) {
        return prefix() + "stock:" + shard;
    }

    public List<String> stocks(int shards) {
        List<String> keys = new ArrayList<>(shards);
        for (int shard = 0; shard < shards; shard++) {
            keys.add(stock(shard));
        }
        return keys;
    }

    /** The reserve script's keys, in the order it reads them. */
    public String[] forReserve(String orderId, int shards) {
        List<String> keys = new ArrayList<>(List.of(meta(), buyers(), reservations(), answer(orderId)));
        keys.addAll(stocks(shards));
        return keys.toArray(String[]::new);
    }
}
