package dev.flashsale.reconciler;

import java.util.List;

/** Copies the blocklist's address ranges to where the edge can drop their requests before any function runs. */
public interface AddressBlocklistMirror {

    /** Replaces the mirrored set with these ranges; answers how many it holds now (0 when there is no mirror). */
    int mirror(List<String> ranges);
}
