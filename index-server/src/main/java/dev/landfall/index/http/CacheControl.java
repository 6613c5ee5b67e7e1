package dev.landfall.index.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/** The two caching policies of the hot path, pre-encoded once. */
final class CacheControl {

    /** {@code /simple/…} follows the current snapshot: caches revalidate every time (ETag makes that a 304). */
    static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    /** Files and pinned snapshots' pages never change under their URL. */
    static final HttpField IMMUTABLE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");

    private CacheControl() {
    }
}
