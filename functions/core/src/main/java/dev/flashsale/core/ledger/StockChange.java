package dev.flashsale.core.ledger;

import dev.flashsale.core.port.LedgerItems;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.ShardPlan;

/**
 * An operator's replacement of a live sale, on the authoritative shards: the change in stock ({@code new - old})
 * is applied as a delta to the shards as they are, never as a value read earlier and written back, so a take that
 * lands between the read and the write stays taken.
 * <p>
 * The target spread (the shards read, plus the change, over the new shard count) gives each shard a delta.
 * Removals run first, each conditional on the shard still holding the units (read again and retried with what is
 * left when it does not: what went meanwhile was sold); additions after, less what the removals could not take,
 * so units moved from a shard that is dropped are added elsewhere only once taken from it. Every write carries a
 * call token ({@link CallTokens#stockChange}): an SDK retry of one that landed moves nothing.
 */
public final class StockChange {

    private final LedgerItems items;

    public StockChange(LedgerItems items) {
        this.items = items;
    }

    /** Applies {@code sale.stock() - old.stock()} to the sale's shards, spread over {@code sale.shards()}. */
    public void apply(Sale old, Sale sale) {
        int shards = Math.max(old.shards(), sale.shards());
        int[] seen = items.remainingByShard(sale.id(), shards);
        long remaining = 0;
        for (int units : seen) {
            remaining += units;
        }
        int target = (int) Math.max(0, remaining + (long) sale.stock() - old.stock());
        int[] wanted = new int[shards];
        for (int shard = 0; shard < sale.shards(); shard++) {
            wanted[shard] = ShardPlan.unitsInShard(target, sale.shards(), shard); // shards past the count sell nothing
        }
        long notTaken = 0;
        for (int shard = 0; shard < shards; shard++) {
            if (wanted[shard] < seen[shard]) {
                int units = seen[shard] - wanted[shard];
                notTaken += units - remove(old, sale, shard, units, seen[shard]);
            }
        }
        for (int shard = 0; shard < shards; shard++) {
            if (wanted[shard] > seen[shard]) {
                long units = wanted[shard] - seen[shard];
                long cut = Math.min(units, notTaken);
                notTaken -= cut;
                if (units > cut) {
                    items.putBack(sale.id(), shard, (int) (units - cut),
                            CallTokens.stockChange(sale.id(), shard, old.stock(), sale.stock(), seen[shard]));
                }
            }
        }
    }

    /** Takes up to {@code units} from one shard, conditional on it holding them; the units taken. */
    private int remove(Sale old, Sale sale, int shard, int units, int seen) {
        int holds = seen;
        while (true) {
            int quantity = Math.min(units, holds);
            if (quantity <= 0) {
                return 0;
            }
            if (items.takeFrom(sale.id(), shard, quantity,
                    CallTokens.stockChange(sale.id(), shard, old.stock(), sale.stock(), holds))) {
                return quantity;
            }
            holds = items.remainingByShard(sale.id(), shard + 1)[shard]; // taken from meanwhile: read it again
        }
    }
}
