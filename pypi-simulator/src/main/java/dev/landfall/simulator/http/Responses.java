package dev.landfall.simulator.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small helpers to finish a response: full bodies, truncated bodies, plain status pages. */
final class Responses {

    private Responses() {
    }

    static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Sends {@code body} with status 200 (headers set by the caller), or a truncated copy when {@code truncate}. */
    static void sendBody(Response response, Callback callback, String contentType, byte[] body, boolean truncate) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (truncate && body.length > 1) {
            int cut = ThreadLocalRandom.current().nextInt(body.length - 1) + 1;
            // Content-Length promises the whole body; failing the callback after a partial write closes the connection.
            response.write(false, ByteBuffer.wrap(body, 0, cut),
                    Callback.from(() -> callback.failed(new EofException("simulated truncation")), callback::failed));
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    static void text(Response response, Callback callback, int status, String text) {
        send(response, callback, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void json(Response response, Callback callback, int status, byte[] body) {
        send(response, callback, status, "application/json", body);
    }

    /** A CDN-like error page for an injected 5xx. */
    static void serverError(Response response, Callback callback, int status) {
        String reason = status == 503 ? "Service Unavailable" : "Bad Gateway";
        byte[] body = ("<html><head><title>" + status + " " + reason + "</title></head><body><h1>Error " + status + " "
                + reason + "</h1><p>Simulated upstream failure.</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        send(response, callback, status, "text/html; charset=utf-8", body);
    }

    static void redirect(Response response, Callback callback, String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        send(response, callback, 301, "text/plain; charset=utf-8",
                ("Moved to " + location + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void notModified(Response response, Callback callback) {
        response.setStatus(304);
        response.write(true, null, callback);
    }
}
