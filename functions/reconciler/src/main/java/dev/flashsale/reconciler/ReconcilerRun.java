package dev.flashsale.reconciler;

import dev.flashsale.adapters.http.ReconcileReport;
import dev.flashsale.adapters.observability.JsonLines;
import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.guard.Blocklist;
import dev.flashsale.core.payment.OrderExpiry;
import dev.flashsale.core.reconcile.Reconciliation;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One reconciler run: the repair, the WAF mirror, a log line and a metric (EMF) with what it did. */
@Singleton
public class ReconcilerRun {

    private final Reconciliation reconciliation;
    private final Blocklist blocklist;
    private final AddressBlocklistMirror mirror;
    private final JsonLines lines;
    private final JsonMapper json;
    private final Clock clock;

    public ReconcilerRun(Reconciliation reconciliation, Blocklist blocklist, AddressBlocklistMirror mirror,
                         JsonLines lines, JsonMapper json, Clock clock) {
        this.clock = clock;
        this.reconciliation = reconciliation;
        this.blocklist = blocklist;
        this.mirror = mirror;
        this.lines = lines;
        this.json = json;
    }

    public String run() {
        Reconciliation.Report report = reconciliation.run(); // the expiry is part of each sale's pass
        OrderExpiry.Report expired = report.expired();
        ReconcileReport view = ReconcileReport.of(report);
        Instant now = clock.instant();
        List<String> addresses = blocklist.entries().stream()
                .filter(entry -> entry.type() == BlockEntry.Type.IP && entry.isActiveAt(now))
                .map(BlockEntry::value)
                .toList();
        int mirrored = mirror.mirror(addresses);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", JsonLines.metricsBlock(List.of("Service"),
                List.of("ReleasedReservations", "ExpiredOrders", "Repairs", "Unaccounted", "LockedOut",
                        "SkippedSales", "FailedSales")));
        line.put("Service", "reconciler");
        line.put("event", "reconciled");
        line.put("sales", report.sales());
        line.put("ReleasedReservations", report.released());
        line.put("ExpiredOrders", expired.expired());
        line.put("Repairs", report.repairs().size());
        line.put("Unaccounted", view.unaccounted());
        line.put("LockedOut", view.lockedOut());
        line.put("SkippedSales", view.skipped().size());
        line.put("FailedSales", view.failures().stream().map(ReconcileReport.FailureView::saleId).distinct().count());
        line.put("skipped", String.join(",", view.skipped())); // held by another pass: its pass repairs them
        line.put("failures", String.join(",", view.failures().stream().map(f -> f.saleId() + ":" + f.step())
                .toList()));
        line.put("mirroredAddresses", mirrored);
        lines.write(line);
        try {
            return new String(json.writeValueAsBytes(ReconcilerResult.of(view, expired.expired(), mirrored)),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
