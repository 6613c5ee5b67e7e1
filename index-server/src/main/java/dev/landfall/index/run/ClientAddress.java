package dev.landfall.index.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Who the client is, for run stickiness: the socket's peer, unless that peer is a trusted proxy. Then
 * the proxy headers are read from the right (the hop the trusted proxy itself appended) leftwards,
 * skipping further trusted proxies; the first untrusted hop is the client. {@code Forwarded} (RFC 7239)
 * wins over {@code X-Forwarded-For} when both are present. Anything left of the first untrusted hop
 * was written by the client itself and is never believed.
 *
 * <p>An untrusted peer's headers are ignored entirely, so a client cannot choose another client's run.
 * A hop that is not an IP literal ({@code unknown}, an obfuscated {@code _token}) ends the walk and is the
 * key as written: the clients behind it share one run, like clients behind one NAT.
 */
public final class ClientAddress {

    /** Hops read at most, the rightmost ones (the trusted proxies append on the right; the left is the client's). */
    static final int MAX_HOPS = 16;

    private ClientAddress() {
    }

    public static String resolve(String peer, @Nullable String forwarded, @Nullable String xForwardedFor, TrustedProxies trusted) {
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return peer;
        }
        List<String> hops = forwarded != null ? forwardedFor(forwarded) : xForwardedFor != null ? split(xForwardedFor) : List.of();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (TrustedProxies.parse(hop) == null || !trusted.contains(hop)) {
                return hop;
            }
        }
        // Only trusted hops (or none): the leftmost is the furthest known one.
        return hops.isEmpty() ? peer : hops.get(0);
    }

    /** The {@code for=} node of each element of a {@code Forwarded} header, port and quotes stripped. */
    static List<String> forwardedFor(String header) {
        List<String> hops = new ArrayList<>();
        for (String element : header.split(",")) {
            String node = null;
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    node = pair.substring(eq + 1).trim();
                }
            }
            // An element without for= is a hop that did not say who sent it: unknown.
            hops.add(node == null ? "unknown" : node(unquote(node)));
        }
        return rightmost(hops);
    }

    /** {@code X-Forwarded-For}: comma-separated addresses, possibly with ports. */
    static List<String> split(String header) {
        List<String> hops = new ArrayList<>();
        for (String part : header.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                hops.add(node(p));
            }
        }
        return rightmost(hops);
    }

    private static List<String> rightmost(List<String> hops) {
        return hops.size() <= MAX_HOPS ? hops : hops.subList(hops.size() - MAX_HOPS, hops.size());
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** The address of a node: {@code [v6]:port} → {@code v6}, {@code v4:port} → {@code v4}; bare IPv6 stays. */
    static String node(String s) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return close > 0 ? s.substring(1, close) : s;
        }
        int colon = s.indexOf(':');
        return colon > 0 && s.indexOf(':', colon + 1) < 0 ? s.substring(0, colon) : s;
    }
}
