package dev.landfall.index.http;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * PEP 691 server-driven negotiation on {@code Accept}: quality values decide, list order does
 * not; an absent header means {@code *}/{@code *} and answers HTML. A type named explicitly beats
 * one matched by a wildcard at equal quality (pip's JSON-first header gets JSON, a bare
 * {@code *}/{@code *} gets HTML). {@code latest+json}/{@code latest+html} name v1. Nothing
 * acceptable: empty (the caller answers 406). Pure; tolerant of garbage (bad parts are skipped).
 */
public final class AcceptNegotiation {

    private static final int MAX_HEADER = 4096;
    private static final int MAX_PARTS = 64;

    private AcceptNegotiation() {
    }

    public static Optional<SimpleFormat> choose(@Nullable String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(SimpleFormat.TEXT_HTML);
        }
        if (accept.length() > MAX_HEADER) {
            accept = accept.substring(0, MAX_HEADER);
        }
        SimpleFormat best = null;
        double bestScore = 0;
        for (SimpleFormat f : SimpleFormat.values()) {
            double score = score(f, accept);
            if (score > bestScore) {
                best = f;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** q × 10 plus a tie-break: explicit JSON > explicit v1 HTML > explicit text/html > wildcard text/html > … */
    private static double score(SimpleFormat f, String accept) {
        int specificity = -1;
        double q = 0;
        String[] parts = accept.split(",", MAX_PARTS + 1);
        for (int i = 0; i < Math.min(parts.length, MAX_PARTS); i++) {
            String[] params = parts[i].split(";", -1);
            String range = params[0].trim().toLowerCase(Locale.ROOT);
            int s = specificity(f, range);
            if (s < 0) {
                continue;
            }
            double partQ = quality(params);
            if (s > specificity) {
                specificity = s;
                q = partQ;
            }
        }
        if (specificity < 0 || q <= 0) {
            return 0;
        }
        double tieBreak = specificity == 2
                ? switch (f) { case JSON_V1 -> 0.6; case HTML_V1 -> 0.5; case TEXT_HTML -> 0.4; }
                : switch (f) { case TEXT_HTML -> 0.3; case HTML_V1 -> 0.2; case JSON_V1 -> 0.1; };
        return q * 10 + tieBreak;
    }

    /** 2 = names the type, 1 = type/*, 0 = *\/*, -1 = no match. */
    private static int specificity(SimpleFormat f, String range) {
        String type = f.mediaType();
        if (range.equals(type)) {
            return 2;
        }
        if (f == SimpleFormat.JSON_V1 && range.equals("application/vnd.pypi.simple.latest+json")) {
            return 2;
        }
        if (f == SimpleFormat.HTML_V1 && range.equals("application/vnd.pypi.simple.latest+html")) {
            return 2;
        }
        if (range.equals("*/*") || range.equals("*")) {
            return 0;
        }
        if (range.endsWith("/*") && type.startsWith(range.substring(0, range.length() - 1))) {
            return 1;
        }
        return -1;
    }

    private static double quality(String[] params) {
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(p.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** The {@code ?format=} override (PyPI's CDN honours it): the one named format, or empty if unknown. */
    public static Optional<SimpleFormat> fromFormatParameter(String format) {
        String f = format.trim().toLowerCase(Locale.ROOT);
        for (SimpleFormat s : SimpleFormat.values()) {
            if (specificity(s, f) == 2) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
