package dev.flashsale.local.faults;

import dev.flashsale.local.simulate.SimulationReport;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simulation's report with what the faults did: those that fired (with counts), the reconciler's repairs, the
 * units nobody can account for and the shoppers locked out, from the stores themselves ({@link StoreAudit}). It
 * passes when the sale's own checks pass and every unit that could be sold was: units sold (orders confirmed or
 * paid) equal min(buyers who pay, stock), with nothing unaccounted and nobody locked out, and no shopper was
 * answered 500 (a store or queue that failed is a 503 the shopper may retry; a 500 is a bug the fault exposed),
 * and every fault the run names fired at least once: a fault that never fired proved nothing.
 */
public record FaultReport(SimulationReport sale, Set<String> named, Map<String, Long> faults, long repairs,
                          long repairsOnLastPass, long expectedSold, StoreAudit.Result stores,
                          OrderEventsAudit.Result events) {

    /** Without the order events' audit. */
    public FaultReport(SimulationReport sale, Set<String> named, Map<String, Long> faults, long repairs,
                       long repairsOnLastPass, long expectedSold, StoreAudit.Result stores) {
        this(sale, named, faults, repairs, repairsOnLastPass, expectedSold, stores, null);
    }

    /** ... and, when audited, every order status change reached the order events' queue (after deduplication). */
    public boolean passed() {
        return sale.passed() && stores.sold() == expectedSold && stores.unaccounted() == 0 && stores.lockedOut() == 0
                && stores.cacheDrift() == 0 && internalErrors() == 0 && unfired().isEmpty()
                && (events == null || events.complete());
    }

    /** The faults the run named that never fired, by label. */
    public List<String> unfired() {
        return named.stream().filter(fault -> faults.getOrDefault(fault, 0L) == 0).sorted().toList();
    }

    /** Shoppers' answers with status 500. */
    public int internalErrors() {
        return sale.otherByStatus().getOrDefault(500, 0);
    }

    public String toJson() {
        String base = sale.toJson();
        base = base.substring(0, base.lastIndexOf(",\"passed\":"));
        StringBuilder fired = new StringBuilder("{");
        faults.forEach((fault, count) -> fired.append(fired.length() > 1 ? "," : "").append('"').append(fault)
                .append("\":").append(count));
        StringBuilder unfired = new StringBuilder("[");
        unfired().forEach(fault -> unfired.append(unfired.length() > 1 ? "," : "").append('"').append(fault).append('"'));
        return base + ",\"faults\":" + fired.append('}') + ",\"unfired\":" + unfired.append(']')
                + ",\"repairs\":" + repairs + ",\"repairsOnLastPass\":"
                + repairsOnLastPass + ",\"sold\":" + stores.sold() + ",\"expectedSold\":" + expectedSold
                + ",\"unaccounted\":" + stores.unaccounted() + ",\"lockedOut\":" + stores.lockedOut()
                + ",\"stores\":" + stores.toJson() + ",\"maxItemBytes\":" + stores.maxItemBytes()
                + (events == null ? "" : ",\"orderEvents\":" + events.toJson())
                + ",\"passed\":" + passed() + "}";
    }

    public String toText() {
        return sale.toText().replaceFirst("\nverdict .*$", "") + String.format(java.util.Locale.ROOT, """

                faults fired      %s
                never fired       %s
                repairs           %d (last pass %d)
                sold              %d of %d expected
                unaccounted       %d
                locked out        %d
                stores            %s
                largest item      %d bytes
                order events      %s
                verdict           %s""", faults, unfired().isEmpty() ? "none" : unfired(), repairs, repairsOnLastPass, stores.sold(), expectedSold,
                stores.unaccounted(), stores.lockedOut(), stores.toJson(), stores.maxItemBytes(),
                events == null ? "not audited" : events.toJson(),
                passed() ? "PASS" : "FAIL (units unsold, unaccounted or locked out, oversold, duplicates, lost, 500s"
                        + " or a named fault that never fired)");
    }
}
