package dev.flashsale.core.purchase;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, for a short while, that a sale is sold out, so the long tail of a sold-out sale is answered from
 * memory: no network call, and on DynamoDB no billed write for a conditional update bound to fail.
 * The memory is short because a released reservation can put a unit back.
 */
public final class SoldOutMemory {

    private final Duration holdFor;
    private final ConcurrentHashMap<String, Instant> soldOutUntil = new ConcurrentHashMap<>();

    public SoldOutMemory(Duration holdFor) {
        this.holdFor = holdFor;
    }

    public void remember(String saleId, Instant now) {
        soldOutUntil.put(saleId, now.plus(holdFor));
    }

    public boolean isSoldOut(String saleId, Instant now) {
        Instant until = soldOutUntil.get(saleId);
        if (until == null) {
            return false;
        }
        if (now.isBefore(until)) {
            return true;
        }
        soldOutUntil.remove(saleId, until);
        return false;
    }

    public void forget(String saleId) {
        soldOutUntil.remove(saleId);
    }
}
