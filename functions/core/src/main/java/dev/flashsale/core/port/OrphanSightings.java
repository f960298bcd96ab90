package dev.flashsale.core.port;

import java.time.Instant;
import java.util.Optional;

/**
 * The orphans a reconciler pass last saw on a sale and did not return yet: one small item per sale, written only
 * when a pass finds units that no record accounts for. The books check ({@code LedgerAudit}) returns orphans only
 * when a pass at least {@code LedgerAudit.STILL_FOR} earlier saw the very same (same stock, same shortfall, the
 * shards unmoved since): an index read that lags can make a live unit look lost in one pass, never across a window
 * in which no unit moved. Passes over one sale run one at a time (the lease), so the writes need no condition.
 */
public interface OrphanSightings {

    /**
     * What one pass saw: the sale's stock, the orphans beyond the units in doubt, the mark of its shards
     * ({@link LedgerItems.ShardReading#mark}) and when (the pass's clock).
     */
    record Sighting(String saleId, int stock, long orphans, String shardMark, Instant seenAt) {
    }

    /** The sale's last sighting, read strongly consistent. */
    Optional<Sighting> find(String saleId);

    /** Replaces the sale's sighting. */
    void record(Sighting sighting);

    /** Forgets the sale's sighting (before its orphans are returned: a later pass never acts on it again). */
    void clear(String saleId);
}
