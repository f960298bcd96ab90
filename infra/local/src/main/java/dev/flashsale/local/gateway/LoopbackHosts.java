package dev.flashsale.local.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names a request to this machine's own admin API or sign-in may carry: {@code localhost}, an address of
 * 127.0.0.0/8, {@code [::1]}, and the configured bind host if it names this machine's loopback. Against DNS
 * rebinding: a page of {@code attacker.example} whose name is made to resolve to 127.0.0.1 is same-origin with
 * itself (its {@code Origin} equals its {@code Host}), and the socket peer is loopback; only the {@code Host} it
 * cannot change gives it away. Nothing here resolves a name taken from a request.
 */
public final class LoopbackHosts {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}");

    private final Set<String> names = new HashSet<>(Set.of("localhost"));

    /** {@code configuredHost}: the host the gateway was told to bind; accepted by name when it is loopback. */
    public LoopbackHosts(String configuredHost) {
        if (configuredHost != null && !configuredHost.isBlank()) {
            try {
                if (InetAddress.getByName(configuredHost).isLoopbackAddress()) {
                    names.add(configuredHost.toLowerCase(Locale.ROOT));
                }
            } catch (UnknownHostException unknown) {
                // not a name of this machine: nothing more to accept
            }
        }
    }

    /** Whether a {@code Host} header ({@code name}, {@code name:port}, {@code [v6]:port}) names loopback. */
    public boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 && portOnly(host.substring(end + 1)) && isLoopbackV6(host.substring(0, end + 1));
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && (host.indexOf(':', colon + 1) >= 0 || !portOnly(host.substring(colon)))) {
            return false;
        }
        String name = colon < 0 ? host : host.substring(0, colon);
        return names.contains(name) || isLoopbackV4(name);
    }

    private static boolean portOnly(String rest) {
        return rest.isEmpty() || PORT.matcher(rest).matches();
    }

    private static boolean isLoopbackV4(String name) {
        var octets = IPV4.matcher(name);
        if (!octets.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(octets.group(i)) > 255) {
                return false;
            }
        }
        return octets.group(1).equals("127");
    }

    /** {@code bracketed}: {@code [..]}; parsed as a literal, never looked up. */
    private static boolean isLoopbackV6(String bracketed) {
        String inside = bracketed.substring(1, bracketed.length() - 1);
        if (!inside.matches("[0-9a-f:.]+") || !inside.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bracketed).isLoopbackAddress();
        } catch (UnknownHostException invalid) {
            return false;
        }
    }
}
