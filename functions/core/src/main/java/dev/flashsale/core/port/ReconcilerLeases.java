package dev.flashsale.core.port;

import java.time.Instant;

/**
 * One lease per sale, so that reconciler passes (the scheduled one, and on-demand ones through the admin route or
 * the CLI) repair a sale one at a time: two passes over one sale would read the same books and make the same
 * repairs twice. A lease is one conditional write; it ends by itself at {@code until}, so a pass that died does
 * not keep the sale from the next.
 */
public interface ReconcilerLeases {

    /**
     * Takes the sale's lease for {@code holder} until {@code until}: only when no other holder's lease runs past
     * {@code now}. True when {@code holder} has it, also when this is a retry of a take that landed.
     */
    boolean take(String saleId, String holder, Instant now, Instant until);

    /** Ends the lease if {@code holder} still has it; does nothing otherwise. */
    void end(String saleId, String holder);
}
