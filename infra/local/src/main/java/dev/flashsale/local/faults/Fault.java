package dev.flashsale.local.faults;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The faults the local stack can inject, by their command-line names ({@code --faults a,b} or {@code all}). */
public enum Fault {
    ADMISSION_CRASH,
    ORDER_CRASH,
    DUPLICATE_DELIVERY,
    QUEUE_SEND_FAILURE,
    STORE_THROTTLE,
    STORE_PAUSE,
    CACHE_LOSS,
    CONSUMER_OUTAGE,
    UNPAID;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Fault of(String label) {
        for (Fault fault : values()) {
            if (fault.label().equals(label.trim())) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault " + label + "; known: " + labels());
    }

    /** {@code all} means every fault the backend has: the cache exists on the Redis backend only. */
    public static Set<Fault> parse(String list, boolean redisBackend) {
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (String label : list.split(",")) {
            if (label.isBlank()) {
                continue;
            }
            if (label.trim().equals("all")) {
                faults.addAll(EnumSet.allOf(Fault.class));
                if (!redisBackend) {
                    faults.remove(CACHE_LOSS);
                }
            } else {
                faults.add(of(label));
            }
        }
        if (faults.contains(CACHE_LOSS) && !redisBackend) {
            throw new IllegalArgumentException("cache-loss needs --backend redis (the DynamoDB backend has no cache)");
        }
        return faults;
    }

    public static String labels() {
        StringBuilder out = new StringBuilder();
        for (Fault fault : values()) {
            out.append(out.isEmpty() ? "" : ", ").append(fault.label());
        }
        return out.toString();
    }
}
