package dev.flashsale.adapters.observability;

import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.purchase.Reservation;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's give-backs and unfinished sequences as JSON lines with an EMF metric each ({@code Releases},
 * {@code LeftForReconciler}); order and sale ids only, never the user.
 */
@Singleton
public class LedgerLog implements LedgerEvents {

    private final JsonLines lines;

    public LedgerLog(JsonLines lines) {
        this.lines = lines;
    }

    @Override
    public void released(Reservation reservation, String why) {
        write("INFO", "reservation-released", "Releases", reservation.orderId(), reservation.saleId(),
                Map.of("units", reservation.quantity(), "why", why));
    }

    @Override
    public void leftForReconciler(String orderId, String saleId, String step, RuntimeException failure) {
        write("ERROR", "ledger-step-unfinished", "LeftForReconciler", orderId, saleId,
                Map.of("step", step, "error", failure.getClass().getSimpleName(),
                        "repair", "the reconciler settles it after FLASHSALE_RECONCILE_AFTER_MINUTES"));
    }

    private void write(String level, String event, String metric, String orderId, String saleId,
                       Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", JsonLines.metricsBlock(List.of("Service"), List.of(metric)));
        line.put("time", java.time.Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        line.put("Service", "ledger");
        line.put(metric, 1);
        line.put("orderId", orderId);
        line.put("sale", saleId);
        line.putAll(fields);
        lines.write(line);
    }
}
