package dev.flashsale.core.reconcile;

/**
 * A cache ledger's own figures for a sale (Redis backend): units it still offers, and its reservations not yet
 * counted by the authority ({@code reserved}).
 */
public record CopyAccount(long remaining, long reserved) {
}
