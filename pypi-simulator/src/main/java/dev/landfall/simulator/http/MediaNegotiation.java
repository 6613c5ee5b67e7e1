package dev.landfall.simulator.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * PEP 691 server-driven negotiation as PyPI does it: highest q wins, JSON preferred on a tie, no {@code Accept}
 * (or nothing acceptable) falls back to HTML, never 406. {@code ?format=} overrides {@code Accept}.
 */
final class MediaNegotiation {

    private MediaNegotiation() {
    }

    /** True if the client gets PEP 691 JSON. */
    static boolean wantsJson(@Nullable String accept, @Nullable String format) {
        if (format != null && !format.isBlank()) {
            // An unencoded '+' in the query string arrives as a space.
            return isJson(format.trim().replace(' ', '+').toLowerCase(Locale.ROOT));
        }
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double json = -1;
        double html = -1;
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            String type = pieces[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String param = pieces[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q <= 0) {
                continue;
            }
            if (isJson(type)) {
                json = Math.max(json, q);
            } else if (type.equals("application/vnd.pypi.simple.v1+html")
                    || type.equals("application/vnd.pypi.simple.latest+html") || type.equals("text/html")
                    || type.equals("text/*") || type.equals("*/*")) {
                html = Math.max(html, q);
            }
        }
        return json >= 0 && json >= html;
    }

    private static boolean isJson(String type) {
        return type.equals("application/vnd.pypi.simple.v1+json")
                || type.equals("application/vnd.pypi.simple.latest+json");
    }
}
