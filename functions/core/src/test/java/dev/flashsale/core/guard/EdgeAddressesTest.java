package dev.flashsale.core.guard;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 21, finding 7: the edge blocks IPv6 ranges too, in an IP set of their own, each set within WAF's limit. */
class EdgeAddressesTest {

    @Test
    void of_shouldSplitTheRangesByFamily_asCidr() {
        EdgeAddresses addresses = EdgeAddresses.of(List.of("203.0.113.7", "2001:db8:0:7:0:0:0:0/64", "10.0.0.0/8",
                "not-an-address", "2001:db8::1"));

        assertEquals(List.of("203.0.113.7/32", "10.0.0.0/8"), addresses.ipv4());
        assertEquals(List.of("2001:db8:0:7:0:0:0:0/64", "2001:db8:0:0:0:0:0:1/128"), addresses.ipv6());
    }

    @Test
    void of_shouldKeepEachSetWithinWafsLimit_whenTheListIsLonger() {
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < EdgeAddresses.MAX_PER_SET + 5; i++) {
            ranges.add("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }

        assertEquals(EdgeAddresses.MAX_PER_SET, EdgeAddresses.of(ranges).ipv4().size());
    }
}
