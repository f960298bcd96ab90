package dev.flashsale.core.port;

import dev.flashsale.core.reconcile.Repair;

/** Where the reconciler's repairs are recorded: an audit record, a log line and a metric each. */
public interface RepairLog {

    void record(Repair repair);
}
