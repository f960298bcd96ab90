package dev.flashsale.admission;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * {@code GET /api/sales/{saleId}/me}: the signed-in shopper's own start (the opening plus their jitter), told only
 * to them; never cached ({@code no-store}). Instants are ISO-8601 UTC strings.
 */
@Serdeable
public record MyStartResponse(String saleId, long waitMillis, String buyableAt, String serverTime) {

    public static MyStartResponse of(String saleId, long waitMillis, Instant buyableAt, Instant serverTime) {
        return new MyStartResponse(saleId, waitMillis, buyableAt.toString(), serverTime.toString());
    }
}
