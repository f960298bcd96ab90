package dev.flashsale.core.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
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

    /**
     * Whom an address stands for in buckets, signals and blocks: an IPv4 address itself, an IPv6 address its /64
     * (one subscriber's network: a host picks any of its 2^64 addresses at will), as {@code net/64}. Anything that
     * is not a literal address is its own text.
     */
    public static String subject(String addressText) {
        Optional<byte[]> address = address(addressText);
        if (address.isEmpty() || address.get().length == 4) {
            return addressText;
        }
        byte[] network = Arrays.copyOf(address.get(), 16);
        Arrays.fill(network, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return addressText; // 16 bytes are always an address
        }
    }

    /** Whether this is an IPv6 range. */
    public boolean isIpv6() {
        return network.length == 16;
    }

    /** The range as CIDR text ({@code 203.0.113.7/32}, {@code 2001:db8:0:0:0:0:0:0/64}). */
    public String cidr() {
        try {
            byte[] masked = network.clone();
            for (int bit = prefix; bit < masked.length * 8; bit++) {
                masked[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
            }
            return InetAddress.getByAddress(masked).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
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
