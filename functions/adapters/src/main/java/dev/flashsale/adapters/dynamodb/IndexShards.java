package dev.flashsale.adapters.dynamodb;

import java.util.ArrayList;
import java.util.List;

/**
 * The partition key values a sale's items take in a sale-keyed index of the stock table ({@code pendingBySale},
 * {@code buyersBySale}): {@code <sale>#<n>}, n from the item's own id (order id, user id) in 0..count-1, so a sale's
 * writes spread over {@code count} index partitions instead of one (DynamoDB takes about 1,000 write units a
 * second per key value, a table's and an index's alike). Readers query every value and merge; they also query the
 * bare sale id, the one value items had before the split ({@code count} 1 is that layout), so a sale written
 * before it is still found. The count may only be raised while a sale has items: a lower count no longer reads the
 * values above it.
 */
public final class IndexShards {

    private final int count;

    public IndexShards(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("index shards must be at least 1: " + count);
        }
        this.count = count;
    }

    public int count() {
        return count;
    }

    /** The index key value for the item of {@code member} (an order id, a user id) in {@code saleId}. */
    public String key(String saleId, String member) {
        return count == 1 ? saleId : saleId + "#" + shardOf(member);
    }

    int shardOf(String member) {
        int h = member.hashCode();
        h ^= h >>> 16; // the low bits pick the shard: fold the high ones in
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return Math.floorMod(h, count);
    }

    /** Every value a reader queries for {@code saleId}: each shard's, and the bare sale id (the layout before). */
    public List<String> all(String saleId) {
        List<String> keys = new ArrayList<>(count + 1);
        if (count > 1) {
            for (int n = 0; n < count; n++) {
                keys.add(saleId + "#" + n);
            }
        }
        keys.add(saleId);
        return keys;
    }
}
