package dev.flashsale.adapters.sqs;

import dev.flashsale.core.purchase.Reservation;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** The order queue's message body: a reservation, with a version so the format can change safely. */
@Serdeable
public record ReservationMessage(
        int version,
        String orderId,
        String saleId,
        String userId,
        int quantity,
        int shard,
        String reservedAt) {

    public static final int CURRENT_VERSION = 1;

    public static ReservationMessage of(Reservation reservation) {
        return new ReservationMessage(CURRENT_VERSION, reservation.orderId(), reservation.saleId(),
                reservation.userId(), reservation.quantity(), reservation.shard(), reservation.reservedAt().toString());
    }

    /** Throws {@link IllegalArgumentException} (or a parse exception) for a message that is not a reservation. */
    public Reservation toReservation() {
        if (version != CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported message version " + version);
        }
        return new Reservation(orderId, saleId, userId, quantity, shard, Instant.parse(reservedAt));
    }
}
