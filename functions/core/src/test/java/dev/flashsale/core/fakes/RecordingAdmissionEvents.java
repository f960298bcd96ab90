package dev.flashsale.core.fakes;

import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.port.AdmissionEvents;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Admission events as counts: admitted, and refused per reason. */
public final class RecordingAdmissionEvents implements AdmissionEvents {

    private final LongAdder admitted = new LongAdder();
    private final Map<Refusal, LongAdder> refused = new ConcurrentHashMap<>();

    @Override
    public void admitted(String saleId) {
        admitted.increment();
    }

    @Override
    public void refused(Refusal refusal, String saleId, String userId, String clientAddress) {
        refused.computeIfAbsent(refusal, r -> new LongAdder()).increment();
    }

    public long admitted() {
        return admitted.sum();
    }

    public long refused(Refusal refusal) {
        LongAdder count = refused.get(refusal);
        return count == null ? 0 : count.sum();
    }
}
