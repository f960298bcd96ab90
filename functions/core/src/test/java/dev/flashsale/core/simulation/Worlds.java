package dev.flashsale.core.simulation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named worlds the simulation explores. {@link #SURVIVED} are the AWS behaviours today's protocol survives:
 * CI holds them to zero violations. {@link #FINDINGS} each add the behaviour one open finding needs; they break
 * invariants on today's code (the finding named), and join {@link #SURVIVED} once it is fixed.
 */
final class Worlds {

    private Worlds() {
    }

    static final Map<String, Shape> SURVIVED = new LinkedHashMap<>();
    static final Map<String, Shape> FINDINGS = new LinkedHashMap<>();

    static {
        Shape clean = Shape.clean();
        SURVIVED.put("small", clean);
        SURVIVED.put("two-shards", clean.withStock(3, 2).withShoppers(5, 2, 2));
        SURVIVED.put("no-window", clean.withTimes(0, 16));
        SURVIVED.put("window-10-of-20", clean.withTimes(10, 20).withStock(2, 2));
        SURVIVED.put("window-30-of-16", clean.withTimes(30, 16));
        SURVIVED.put("on-demand-passes", clean.withOnDemandPasses(30));
        SURVIVED.put("busy", clean.withStock(3, 2).withShoppers(8, 2, 2).withFaults(10, 10, 10, 0, 50, 0)
                .withMaxSteps(800));
        SURVIVED.put("F7-operator-replaces", clean.withOperator(true).withShoppers(5, 1, 1)); // fixed: F7
        SURVIVED.put("F8-sdk-retries", clean.withFaults(4, 4, 4, 30, 20, 0));                 // fixed: F5, F8
        SURVIVED.put("F10-long-queue-waits", clean.withFaults(4, 4, 4, 0, 20, 100));          // fixed: F10
        SURVIVED.put("N1-admission-faults", clean.withAdmissionFaults(true));                 // fixed: N1
        SURVIVED.put("F4-index-lag", clean.withIndexLag(3000).withShoppers(6, 1, 1).withOnDemandPasses(60)); // F4
        SURVIVED.put("F4-index-lag-8s", clean.withIndexLag(8000).withStock(3, 2).withShoppers(6, 1, 1)
                .withOnDemandPasses(60));                                                      // F4, 8 s behind
        SURVIVED.put("late-charges", clean.withLateCharges(true).withShoppers(6, 1, 1));     // late charge
    }

    static Shape named(String name) {
        Shape shape = SURVIVED.containsKey(name) ? SURVIVED.get(name) : FINDINGS.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no world " + name + "; known: " + SURVIVED.keySet() + " "
                    + FINDINGS.keySet());
        }
        return shape;
    }
}
