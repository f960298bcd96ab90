package dev.flashsale.core.simulation;

import dev.flashsale.core.fakes.InMemoryReconcilerLeases;
import dev.flashsale.core.port.ReconcilerLeases;

import java.time.Instant;

/** The reconciler's leases around the in-memory fake: its take recognises its own retry (the holder's). */
final class SimLeases implements ReconcilerLeases {

    private final InMemoryReconcilerLeases raw = new InMemoryReconcilerLeases();
    private final Env env;

    SimLeases(Env env) {
        this.env = env;
    }

    @Override
    public boolean take(String saleId, String holder, Instant now, Instant until) {
        env.before("takeLease " + saleId);
        boolean taken = raw.take(saleId, holder, now, until);
        env.landed("takeLease " + saleId);
        return taken;
    }

    @Override
    public void end(String saleId, String holder) {
        env.before("endLease " + saleId);
        raw.end(saleId, holder);
        env.landed("endLease " + saleId);
    }
}
