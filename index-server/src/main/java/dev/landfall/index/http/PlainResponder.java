package dev.landfall.index.http;

import dev.landfall.index.http.HttpCounters.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The hot path's answers without a stored body: short plain-text messages (errors, 406, 416), redirects and
 * 304s, each counted by route and outcome.
 */
final class PlainResponder {

    static final HttpField TEXT_PLAIN = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");

    private static final String STORAGE_RETRY_AFTER_SECONDS = "5";

    private final HttpCounters counters;

    PlainResponder(HttpCounters counters) {
        this.counters = counters;
    }

    void text(Response response, Callback callback, Route route, int status, String message, boolean head) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(TEXT_PLAIN);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        counters.count(route, status);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    void redirect(Response response, Callback callback, Route route, String location) {
        response.setStatus(301);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        counters.count(route, 301);
        response.write(true, null, callback);
    }

    /**
     * An exception while answering: 503 with {@code Retry-After} when storage failed, 500 otherwise; an answer
     * already on its way (committed) is aborted instead.
     */
    void failure(Response response, Callback callback, Route route, Throwable e) {
        if (response.isCommitted()) {
            counters.count(route, 500);
            callback.failed(e);
            return;
        }
        response.getHeaders().clear();
        if (isStorageFailure(e)) {
            // Object storage is down or unreachable: a transient condition the client should retry,
            // not a server bug (pip retries 503s). Cached pages keep being served meanwhile.
            response.getHeaders().put(HttpHeader.RETRY_AFTER, STORAGE_RETRY_AFTER_SECONDS);
            text(response, callback, route, 503, "storage unavailable, retry later", false);
        } else {
            text(response, callback, route, 500, "internal error", false);
        }
    }

    private static boolean isStorageFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** 304: the client's copy (matched by ETag) is current. */
    void notModified(Response response, Callback callback, Route route) {
        response.setStatus(304);
        counters.count(route, 304);
        response.write(true, null, callback);
    }
}
