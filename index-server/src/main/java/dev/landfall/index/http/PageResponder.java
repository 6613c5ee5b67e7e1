package dev.landfall.index.http;

import dev.landfall.index.http.HttpCounters.Route;
import dev.landfall.index.snapshot.CachedBody;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Simple API pages (root index, project pages): the format negotiated (PEP 691), then the cached bytes
 * verbatim with their strong ETag, as 304 when the client's copy matches, gzipped when accepted.
 * {@code Accept}/{@code Accept-Encoding} parsing is memoized by raw header value.
 */
final class PageResponder {

    private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept, Accept-Encoding");
    private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
    private static final Map<SimpleFormat, HttpField> CONTENT_TYPES = contentTypes();

    private final HttpCounters counters;
    private final PlainResponder plain;
    private final HeaderMemo<Optional<SimpleFormat>> acceptMemo = new HeaderMemo<>(AcceptNegotiation::choose);
    private final HeaderMemo<Boolean> gzipMemo = new HeaderMemo<>(PageResponder::acceptsGzip);

    PageResponder(HttpCounters counters, PlainResponder plain) {
        this.counters = counters;
        this.plain = plain;
    }

    private static Map<SimpleFormat, HttpField> contentTypes() {
        Map<SimpleFormat, HttpField> types = new EnumMap<>(SimpleFormat.class);
        for (SimpleFormat f : SimpleFormat.values()) {
            types.put(f, new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, f.contentType()));
        }
        return types;
    }

    /**
     * The format to answer in ({@code ?format=} first, then {@code Accept}), with {@code Vary} added; when
     * nothing offered is acceptable, the 406 is already written and the result is empty.
     */
    Optional<SimpleFormat> negotiate(Request request, Response response, Callback callback, Route route, boolean head) {
        Optional<SimpleFormat> format = chooseFormat(request);
        response.getHeaders().add(VARY);
        if (format.isEmpty()) {
            plain.text(response, callback, route, 406, "not acceptable: offer application/vnd.pypi.simple.v1+json, "
                    + "application/vnd.pypi.simple.v1+html or text/html", head);
        }
        return format;
    }

    private Optional<SimpleFormat> chooseFormat(Request request) {
        String query = request.getHttpURI().getQuery();
        if (query != null && query.startsWith("format=") && query.length() < 200) {
            String value = URLDecoder.decode(query.substring("format=".length()), StandardCharsets.UTF_8);
            Optional<SimpleFormat> explicit = AcceptNegotiation.fromFormatParameter(value);
            if (explicit.isPresent()) {
                return explicit;
            }
        }
        return acceptMemo.get(request.getHeaders().get(HttpHeader.ACCEPT));
    }

    /** The page's bytes in {@code format} (the caller picked the body of that format). */
    void write(Request request, Response response, Callback callback, Route route, SimpleFormat format,
               CachedBody body, boolean head) {
        boolean gzip = gzipMemo.get(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
        String etag = gzip ? body.gzipEtag() : body.etag();
        response.getHeaders().add(CONTENT_TYPES.get(format));
        response.getHeaders().add(new HttpField(HttpHeader.ETAG, etag));
        if (IfNoneMatch.matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
            plain.notModified(response, callback, route);
            return;
        }
        byte[] bytes = gzip ? body.gzip() : body.bytes();
        if (gzip) {
            response.getHeaders().add(GZIP);
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        counters.count(route, 200);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    static boolean acceptsGzip(@Nullable String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",", 32)) {
            String[] params = part.split(";", -1);
            String coding = params[0].trim();
            if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
                for (int i = 1; i < params.length; i++) {
                    String p = params[i].trim();
                    if (p.startsWith("q=")) {
                        try {
                            return Double.parseDouble(p.substring(2)) > 0;
                        } catch (NumberFormatException e) {
                            return false;
                        }
                    }
                }
                return true;
            }
        }
        return false;
    }
}
