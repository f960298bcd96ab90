package dev.flashsale.core.port;

import dev.flashsale.core.decision.Refusal;

/** What admission reports for metrics and logs: one event per request that was admitted or refused. */
public interface AdmissionEvents {

    void admitted(String saleId);

    void refused(Refusal refusal, String saleId, String userId, String clientAddress);
}
