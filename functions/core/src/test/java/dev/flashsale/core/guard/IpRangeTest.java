package dev.flashsale.core.guard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpRangeTest {

    @Test
    void contains_shouldMatchAddressesInsideAnIpv4Range() {
        IpRange range = IpRange.parse("203.0.113.0/24").orElseThrow();

        assertTrue(range.contains("203.0.113.7"));
        assertFalse(range.contains("203.0.114.7"));
        assertFalse(range.contains("2001:db8::1"));
    }

    @Test
    void contains_shouldMatchPrefixesThatAreNotByteAligned() {
        IpRange range = IpRange.parse("10.0.0.0/9").orElseThrow();

        assertTrue(range.contains("10.127.255.255"));
        assertFalse(range.contains("10.128.0.0"));
    }

    @Test
    void contains_shouldMatchIpv6RangesAndSingleAddresses() {
        assertTrue(IpRange.parse("2001:db8::/32").orElseThrow().contains("2001:db8:1::5"));
        assertTrue(IpRange.parse("127.0.0.9").orElseThrow().contains("127.0.0.9"));
        assertFalse(IpRange.parse("127.0.0.9").orElseThrow().contains("127.0.0.10"));
    }

    @Test
    void parse_shouldRefuseHostNamesAndBadPrefixes() {
        assertTrue(IpRange.parse("example.com").isEmpty(), "never a DNS lookup");
        assertTrue(IpRange.parse("10.0.0.0/33").isEmpty());
        assertTrue(IpRange.parse("10.0.0/8").isEmpty());
        assertTrue(IpRange.parse("").isEmpty());
    }

    @Test
    void subject_shouldBeTheSlash64_whenTheAddressIsIpv6() {
        assertEquals("2001:db8:0:7:0:0:0:0/64", IpRange.subject("2001:db8:0:7:a:b:c:d"));
        assertEquals(IpRange.subject("2001:db8:0:7::1"), IpRange.subject("2001:db8:0:7:ffff::"));
        assertTrue(IpRange.parse(IpRange.subject("2001:db8:0:7::1")).orElseThrow().contains("2001:db8:0:7::99"));
    }

    @Test
    void subject_shouldBeTheAddressItself_whenItIsIpv4OrNotAnAddress() {
        assertEquals("203.0.113.7", IpRange.subject("203.0.113.7"));
        assertEquals("unknown", IpRange.subject("unknown"));
    }

    @Test
    void cidr_shouldWriteTheNetworkAndItsPrefix() {
        assertEquals("203.0.113.7/32", IpRange.parse("203.0.113.7").orElseThrow().cidr());
        assertEquals("10.0.0.0/9", IpRange.parse("10.1.2.3/9").orElseThrow().cidr());
        assertEquals("2001:db8:0:0:0:0:0:0/32", IpRange.parse("2001:db8::1/32").orElseThrow().cidr());
        assertTrue(IpRange.parse("2001:db8::1").orElseThrow().isIpv6());
    }
}
