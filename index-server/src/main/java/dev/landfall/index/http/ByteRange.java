package dev.landfall.index.http;

import org.jspecify.annotations.Nullable;

/**
 * A single HTTP byte range resolved against an object's size (RFC 9110 §14). Pure.
 * Multiple ranges and syntactically invalid headers are ignored (the whole object is served,
 * which the RFC allows); a well-formed range that starts beyond the end is unsatisfiable (416).
 */
public sealed interface ByteRange {

    /** Serve the whole object with 200. */
    record Whole() implements ByteRange {
    }

    /** Serve bytes [first, last] with 206. */
    record Partial(long first, long last) implements ByteRange {
        public long length() {
            return last - first + 1;
        }
    }

    /** Answer 416 with {@code Content-Range: bytes *}/size. */
    record Unsatisfiable() implements ByteRange {
    }

    static ByteRange parse(@Nullable String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String h = header.trim();
        if (h.length() > 200 || !h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return new Whole();
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (!digits(a) || !digits(b) || (a.isEmpty() && b.isEmpty())) {
            return new Whole();
        }
        if (a.isEmpty()) {
            // Suffix range: the last n bytes.
            long n = parseSaturated(b);
            if (n == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Partial(Math.max(0, size - n), size - 1);
        }
        long first = parseSaturated(a);
        long last = b.isEmpty() ? size - 1 : parseSaturated(b);
        if (!b.isEmpty() && last < first) {
            return new Whole();
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        return new Partial(first, Math.min(last, size - 1));
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Absurdly long numbers saturate to Long.MAX_VALUE instead of overflowing. */
    private static long parseSaturated(String s) {
        if (s.length() > 18) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(s);
    }
}
