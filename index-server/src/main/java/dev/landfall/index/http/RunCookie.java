package dev.landfall.index.http;

import java.time.Duration;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.HttpCookieUtils;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * The {@code landfall-snapshot} cookie that pins a pip run to one snapshot: read from a request, and its
 * {@code Set-Cookie} rendered once per snapshot and second instead of once per answer.
 */
final class RunCookie {

    static final String NAME = "landfall-snapshot";

    private final Duration maxAge;
    private volatile @Nullable Rendered rendered;

    RunCookie(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** The {@code Set-Cookie} for one snapshot, rendered within one second of its {@code Expires}. */
    private record Rendered(long serial, long second, HttpField field) {
    }

    /** The serial the request's run cookie names, or null when it sends none or only garbage ones. */
    static @Nullable Long serial(Request request) {
        if (request.getHeaders().get(HttpHeader.COOKIE) == null) {
            return null;
        }
        for (HttpCookie c : Request.getCookies(request)) {
            if (NAME.equals(c.getName())) {
                Long serial = SnapshotDecision.cookieSerial(c.getValue());
                if (serial != null) {
                    return serial;
                }
            }
        }
        return null;
    }

    /**
     * The {@code Set-Cookie} Jetty itself would render ({@code Response.addCookie}: same-site default of the
     * context, the connector's cookie compliance), kept for the rest of the second of the request's timestamp
     * so {@code Expires} stays within a second of what rendering it per request would give.
     */
    HttpField setCookie(Request request, long serial) {
        long second = Request.getTimeStamp(request) / 1000;
        Rendered cached = rendered;
        if (cached == null || cached.serial() != serial || cached.second() != second) {
            HttpCookie cookie = HttpCookieUtils.checkSameSite(HttpCookie.build(NAME, Long.toString(serial))
                    .path("/").maxAge(maxAge.toSeconds()).httpOnly(true).build(), request.getContext());
            String value = HttpCookieUtils.getSetCookie(cookie,
                    request.getConnectionMetaData().getHttpConfiguration().getResponseCookieCompliance());
            cached = new Rendered(serial, second, new PreEncodedHttpField(HttpHeader.SET_COOKIE, value));
            rendered = cached;
        }
        return cached.field();
    }
}
