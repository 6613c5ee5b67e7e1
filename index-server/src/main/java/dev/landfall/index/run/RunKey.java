package dev.landfall.index.run;

import org.jspecify.annotations.Nullable;

/**
 * One client as run stickiness sees it: its address ({@link ClientAddress}) and {@code User-Agent}, cut to
 * {@link #MAX_USER_AGENT} characters so the table's memory stays bounded (uv's agent carries a JSON blob).
 */
public record RunKey(String address, String userAgent) {

    static final int MAX_USER_AGENT = 256;

    public static RunKey of(String address, @Nullable String userAgent) {
        String ua = userAgent == null ? "" : userAgent;
        return new RunKey(address, ua.length() > MAX_USER_AGENT ? ua.substring(0, MAX_USER_AGENT) : ua);
    }
}
