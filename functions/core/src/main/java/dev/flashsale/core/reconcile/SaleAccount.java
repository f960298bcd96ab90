package dev.flashsale.core.reconcile;

/**
 * A sale's books on the authoritative ledger after the reconciler's repairs: {@code stock} should equal
 * {@code remaining + held + sold}, where {@code held} counts units reserved or being counted and {@code sold} the
 * orders that keep their units. {@code inDoubt} are units of records whose last step is not known yet (young
 * TAKING or RELEASING); {@code unaccounted} is what is left unexplained beyond them (0 when the books balance; a
 * negative number means more units are held or sold than the stock, which no repair can undo). {@code lockedOut}
 * counts shoppers whose buyer count still holds an order that is not live. {@code copyGap} (Redis backend) is
 * what the cache offers less than the authority can still sell (positive: units it would never sell; negative:
 * orders it would admit that the authority will reject), 0 without a cache.
 */
public record SaleAccount(String saleId, int stock, long remaining, long held, long sold, long inDoubt,
                          long unaccounted, long lockedOut, long copyGap) {

    public SaleAccount withCopyGap(long gap) {
        return new SaleAccount(saleId, stock, remaining, held, sold, inDoubt, unaccounted, lockedOut, gap);
    }
}
