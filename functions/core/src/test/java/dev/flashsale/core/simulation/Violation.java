package dev.flashsale.core.simulation;

/** An invariant a run broke: which, what was seen, and at which step. */
record Violation(String invariant, String detail, long step) {

    @Override
    public String toString() {
        return invariant + " at step " + step + ": " + detail;
    }
}
