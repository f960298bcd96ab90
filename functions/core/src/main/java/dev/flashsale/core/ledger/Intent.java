package dev.flashsale.core.ledger;

import dev.flashsale.core.purchase.Reservation;

import java.time.Instant;
import java.util.Objects;

/**
 * An order's record on the authoritative ledger, written before any unit is taken and keyed by the order id, so
 * every intermediate state of a purchase can be found again. {@code shard} is -1 until a shard gave the units.
 */
public record Intent(String orderId, String saleId, String userId, int quantity, int shard, IntentState state,
                     Instant startedAt) {

    public static final int NO_SHARD = -1;

    public Intent {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(saleId, "saleId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public static Intent taking(String orderId, String saleId, String userId, int quantity, Instant now) {
        return new Intent(orderId, saleId, userId, quantity, NO_SHARD, IntentState.TAKING, now);
    }

    public static Intent of(Reservation reservation, IntentState state) {
        return new Intent(reservation.orderId(), reservation.saleId(), reservation.userId(), reservation.quantity(),
                reservation.shard(), state, reservation.reservedAt());
    }

    public Intent in(IntentState next, int atShard) {
        return new Intent(orderId, saleId, userId, quantity, atShard, next, startedAt);
    }

    public Reservation toReservation() {
        return new Reservation(orderId, saleId, userId, quantity, Math.max(0, shard), startedAt);
    }
}
