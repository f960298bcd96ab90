package dev.flashsale.core.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address or CIDR range, such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}. */
public final class IpRange {

    // Literal addresses only: parsing must never turn into a DNS lookup.
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final byte[] network;
    private final int prefix;

    private IpRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    public static Optional<IpRange> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        Optional<byte[]> address = address(parts[0]);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpRange(address.get(), prefix));
    }

    /** The bytes of a literal IPv4 or IPv6 address; empty for anything else (host names included). */
    public static Optional<byte[]> address(String text) {
        if (text == null || text.isEmpty() || !LITERAL.matcher(text).matches()
                || (!text.contains(":") && text.chars().filter(c -> c == '.').count() != 3)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean contains(String addressText) {
        Optional<byte[]> address = address(addressText);
        if (address.isEmpty() || address.get().length != network.length) {
            return false;
        }
        byte[] candidate = address.get();
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }
}
