package dev.flashsale.core.guard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The blocklist's address ranges as the edge's two IP sets take them: CIDR text, one list per address family
 * (a WAF IP set holds one), each at most {@link #MAX_PER_SET} ranges (WAF's limit per set).
 */
public record EdgeAddresses(List<String> ipv4, List<String> ipv6) {

    public static final int MAX_PER_SET = 10_000;

    public static EdgeAddresses of(List<String> ranges) {
        Set<String> ipv4 = new LinkedHashSet<>();
        Set<String> ipv6 = new LinkedHashSet<>();
        for (String text : ranges) {
            Optional<IpRange> range = IpRange.parse(text);
            if (range.isEmpty()) {
                continue;
            }
            Set<String> family = range.get().isIpv6() ? ipv6 : ipv4;
            if (family.size() < MAX_PER_SET) {
                family.add(range.get().cidr());
            }
        }
        return new EdgeAddresses(List.copyOf(new ArrayList<>(ipv4)), List.copyOf(new ArrayList<>(ipv6)));
    }
}
