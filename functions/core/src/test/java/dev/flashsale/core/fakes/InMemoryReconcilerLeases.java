package dev.flashsale.core.fakes;

import dev.flashsale.core.port.ReconcilerLeases;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reconciler leases in memory, with the DynamoDB adapter's condition: a take lands when there is no lease, when
 * the one there ran out before the taker's {@code now}, or when it is the taker's own (a retry that landed).
 */
public final class InMemoryReconcilerLeases implements ReconcilerLeases {

    private record Lease(String holder, Instant until) {
    }

    private final Map<String, Lease> leases = new HashMap<>();

    @Override
    public synchronized boolean take(String saleId, String holder, Instant now, Instant until) {
        Lease current = leases.get(saleId);
        if (current != null && !current.until().isBefore(now) && !current.holder().equals(holder)) {
            return false;
        }
        leases.put(saleId, new Lease(holder, until));
        return true;
    }

    @Override
    public synchronized void end(String saleId, String holder) {
        Lease current = leases.get(saleId);
        if (current != null && current.holder().equals(holder)) {
            leases.remove(saleId);
        }
    }

    /** Whether a lease on the sale runs past {@code now}. */
    public synchronized boolean held(String saleId, Instant now) {
        Lease current = leases.get(saleId);
        return current != null && !current.until().isBefore(now);
    }
}
