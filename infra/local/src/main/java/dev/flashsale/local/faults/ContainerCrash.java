package dev.flashsale.local.faults;

/**
 * A function container dying in the middle of an invocation (Lambda's timeout or an out-of-memory kill). An
 * {@link Error}, so no handler's {@code catch (Exception)} can turn it into a normal answer; the function host
 * discards the container, as Lambda discards the sandbox.
 */
public final class ContainerCrash extends Error {

    public ContainerCrash(String where) {
        super(where, null, false, false);
    }
}
