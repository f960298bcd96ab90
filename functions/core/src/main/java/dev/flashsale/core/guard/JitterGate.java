package dev.flashsale.core.guard;

import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.sale.Sale;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Spreads the opening spike: with {@code jitterMillis} > 0 each shopper may buy from a moment of their own,
 * between the opening and {@code jitterMillis} after it. The moment is a keyed hash of sale and user, so it is the
 * same on every request (refreshing does not re-roll it) and it cannot be computed without the server's secret.
 */
public final class JitterGate {

    private final KeyedHash keyedHash;

    public JitterGate(KeyedHash keyedHash) {
        this.keyedHash = keyedHash;
    }

    public long waitMillis(Sale sale, String userId) {
        int jitter = sale.protection().jitterMillis();
        if (jitter <= 0 || userId == null) {
            return 0;
        }
        long hash = ByteBuffer.wrap(keyedHash.mac("jitter\n" + sale.id() + "\n" + userId)).getLong();
        return Math.floorMod(hash, jitter + 1L);
    }

    public Instant buyableAt(Sale sale, String userId) {
        return sale.startsAt().plusMillis(waitMillis(sale, userId));
    }
}
