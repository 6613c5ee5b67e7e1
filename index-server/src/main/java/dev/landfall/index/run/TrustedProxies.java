package dev.landfall.index.run;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The proxies whose {@code Forwarded} / {@code X-Forwarded-For} headers are believed: CIDR blocks
 * ({@code 10.0.0.0/8}, {@code fd00::/8}, or a single address). Addresses are parsed as literals only:
 * a malformed one never triggers a DNS lookup (IPv6 goes through {@link InetAddress} in brackets, which
 * the JDK parses as a literal or rejects).
 */
public final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Block> blocks;

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static TrustedProxies none() {
        return NONE;
    }

    /** Parses CIDR blocks; a malformed one is a configuration error (thrown at start-up). */
    public static TrustedProxies of(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String cidr : cidrs) {
            String c = cidr.trim();
            if (c.isEmpty()) {
                continue;
            }
            int slash = c.indexOf('/');
            byte[] network = parse(slash < 0 ? c : c.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(c.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad prefix length in " + cidr, e);
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + cidr);
                }
            }
            blocks.add(new Block(network, prefix));
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(List.copyOf(blocks));
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (a literal, IPv6 possibly in brackets) lies in a trusted block. */
    public boolean contains(String address) {
        if (blocks.isEmpty()) {
            return false;
        }
        byte[] bytes = parse(address);
        if (bytes == null) {
            return false;
        }
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The address's bytes (4 or 16; IPv4-mapped IPv6 gives 4), or null if it is not an IP literal. */
    static byte @Nullable [] parse(String literal) {
        String s = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        try {
            // Brackets make the JDK expect an IPv6 literal: invalid text throws instead of resolving a host name.
            InetAddress a = InetAddress.getByName("[" + s + "]");
            return a instanceof Inet6Address || a.getAddress().length == 4 ? a.getAddress() : null;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte @Nullable [] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }
}
