package dev.flashsale.local.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackHostsTest {

    private final LoopbackHosts hosts = new LoopbackHosts("127.0.0.1");

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8080", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:8080",
            "127.255.1.2:1", "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:8080"})
    void allows_shouldAccept_whenTheHostIsALoopbackName(String host) {
        assertTrue(hosts.allows(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rebind.attacker.example:8080", "127.0.0.1.nip.io:8080", "localhost.attacker.example",
            "attacker.localhost.example", "128.0.0.1:8080", "10.0.0.1", "0.0.0.0:8080", "127.0.0.256",
            "127.1:8080", "0x7f000001", "2130706433", "[::2]:8080", "[::ffff:10.0.0.1]", "::1", "localhost:80:80",
            "localhost:http", "[::1]x", "", " "})
    void allows_shouldRefuse_whenTheHostIsAnyOtherName(String host) {
        assertFalse(hosts.allows(host), host);
    }

    @Test
    void allows_shouldRefuse_whenThereIsNoHost() {
        assertFalse(hosts.allows(null));
    }

    @Test
    void allows_shouldAcceptTheConfiguredHost_onlyWhenItIsLoopback() {
        assertTrue(new LoopbackHosts("localhost").allows("localhost:1"));
        assertFalse(new LoopbackHosts("0.0.0.0").allows("0.0.0.0:8080"), "binding everywhere names nothing");
        assertFalse(new LoopbackHosts("192.0.2.10").allows("192.0.2.10:8080"));
    }
}
