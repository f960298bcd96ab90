package dev.flashsale.local.capacity;

/**
 * One bottleneck of a sale's opening: the purchases per second it lets through, how that follows from the stack's
 * parameters, and the quota or parameter to raise when it is the lowest. A {@code sustained} ceiling bounds the rate
 * a sale can keep up (the order drain, behind the queue), not the opening's admissions.
 */
public record Ceiling(String bottleneck, double purchasesPerSecond, String how, String raise, boolean sustained) {

    public Ceiling(String bottleneck, double purchasesPerSecond, String how, String raise) {
        this(bottleneck, purchasesPerSecond, how, raise, false);
    }
}
