package dev.landfall.index.http;

import org.jspecify.annotations.Nullable;

/** Conditional GET (RFC 9110 §13.1.2): weak comparison, so {@code W/"x"} and {@code *} match too. Pure. */
final class IfNoneMatch {

    private static final int MAX_CANDIDATES = 64;

    private IfNoneMatch() {
    }

    /** Whether the {@code If-None-Match} header names {@code etag}: the client's copy is current (304). */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",", MAX_CANDIDATES)) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
