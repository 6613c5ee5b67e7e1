package dev.landfall.index.http;

import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.NoSuchBlobException;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.index.http.HttpCounters.Route;
import dev.landfall.index.snapshot.CachedBody;
import dev.landfall.index.snapshot.PageCache;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path (DESIGN.md "Index server HTTP"): {@code /simple/…}, {@code /snapshots/<W>/simple/…}
 * and {@code /packages/…} as a Jetty core handler in front of Spring MVC. Pages come verbatim
 * from the page objects via the in-memory {@link PageCache}; which page is decided by the
 * snapshot's manifest. Anything else returns false and falls through to Spring MVC.
 */
public final class IndexHandler extends Handler.Abstract {

    public static final String COOKIE = "landfall-snapshot";
    private static final Logger log = LoggerFactory.getLogger(IndexHandler.class);
    private static final String SIMPLE = "/simple";
    private static final String SNAPSHOTS = "/snapshots/";
    private static final String PACKAGES = "/packages/";

    private final SnapshotCatalog catalog;
    private final PageCache cache;
    private final BlobStore blobs;
    private final HttpCounters counters;
    private final Duration cookieMaxAge;

    public IndexHandler(SnapshotCatalog catalog, PageCache cache, BlobStore blobs, HttpCounters counters, Duration cookieMaxAge) {
        this.catalog = catalog;
        this.cache = cache;
        this.blobs = blobs;
        this.counters = counters;
        this.cookieMaxAge = cookieMaxAge;
    }

    /** Whether this handler answers the path (cheap prefix test, before any decoding). */
    public static boolean owns(String rawPath) {
        return rawPath.startsWith(SIMPLE) || rawPath.startsWith(SNAPSHOTS) || rawPath.startsWith(PACKAGES);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String raw = request.getHttpURI().getPath();
        if (raw == null || !owns(raw)) {
            return false;
        }
        Route route = route(raw);
        try {
            String method = request.getMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                text(response, callback, route, 405, "method not allowed", head);
                return true;
            }
            Optional<String> decoded = RequestPath.decode(raw);
            if (decoded.isEmpty()) {
                text(response, callback, route, 400, "bad request path", head);
                return true;
            }
            String path = decoded.get();
            if (path.startsWith(PACKAGES)) {
                servePackage(request, response, callback, path, head);
            } else if (path.startsWith(SNAPSHOTS)) {
                servePinned(request, response, callback, path, head);
            } else if (path.equals(SIMPLE) || path.startsWith(SIMPLE + "/")) {
                serveCurrent(request, response, callback, path, head);
            } else {
                return false;
            }
        } catch (Throwable e) {
            log.warn("failed to serve {}: {}", raw.length() > 200 ? raw.substring(0, 200) : raw, e.toString());
            if (!response.isCommitted()) {
                response.getHeaders().clear();
                text(response, callback, route, 500, "internal error", false);
            } else {
                counters.count(route, 500);
                callback.failed(e);
            }
        }
        return true;
    }

    private static Route route(String raw) {
        if (raw.startsWith(PACKAGES)) return Route.PACKAGE;
        if (raw.startsWith(SNAPSHOTS)) return Route.PINNED;
        if (raw.equals("/simple/") || raw.startsWith("/simple/?")) return Route.ROOT;
        return Route.PROJECT;
    }

    private void serveCurrent(Request request, Response response, Callback callback, String path, boolean head) throws Exception {
        SnapshotView view = null;
        Long pinnedByCookie = cookieSnapshot(request);
        if (pinnedByCookie != null) {
            view = catalog.retainedView(pinnedByCookie).orElse(null);
        }
        if (view == null) {
            view = catalog.current().orElse(null);
        }
        if (view == null) {
            text(response, callback, route(path), 503, "no snapshot published yet", head);
            return;
        }
        if (pinnedByCookie == null || pinnedByCookie != view.serial()) {
            Response.addCookie(response, HttpCookie.build(COOKIE, Long.toString(view.serial()))
                    .path("/").maxAge(cookieMaxAge.toSeconds()).httpOnly(true).build());
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        serveSimple(request, response, callback, path, "", view, head);
    }

    private void servePinned(Request request, Response response, Callback callback, String path, boolean head) throws Exception {
        String rest = path.substring(SNAPSHOTS.length());
        int slash = rest.indexOf('/');
        String w = slash < 0 ? rest : rest.substring(0, slash);
        String sub = slash < 0 ? "" : rest.substring(slash);
        if (w.isEmpty() || w.length() > 18 || !w.chars().allMatch(Character::isDigit)
                || !(sub.equals(SIMPLE) || sub.startsWith(SIMPLE + "/"))) {
            text(response, callback, Route.PINNED, 404, "not found: use /snapshots/<serial>/simple/", head);
            return;
        }
        long serial = Long.parseLong(w);
        Optional<SnapshotView> view = catalog.retainedView(serial);
        if (view.isEmpty()) {
            text(response, callback, Route.PINNED, 404,
                    "snapshot " + serial + " was never published or is no longer retained", head);
            return;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");
        serveSimple(request, response, callback, sub, "/snapshots/" + serial, view.get(), head);
    }

    /** {@code path} is {@code /simple…} relative to {@code prefix}. */
    private void serveSimple(Request request, Response response, Callback callback, String path, String prefix,
                             SnapshotView view, boolean head) throws Exception {
        Route route = prefix.isEmpty() ? (path.equals("/simple/") ? Route.ROOT : Route.PROJECT) : Route.PINNED;
        if (path.equals(SIMPLE)) {
            redirect(response, callback, route, prefix + "/simple/");
            return;
        }
        Optional<SimpleFormat> format = negotiate(request);
        response.getHeaders().put(HttpHeader.VARY, "Accept, Accept-Encoding");
        if (format.isEmpty()) {
            text(response, callback, route, 406, "not acceptable: offer application/vnd.pypi.simple.v1+json, "
                    + "application/vnd.pypi.simple.v1+html or text/html", head);
            return;
        }
        String name = path.substring("/simple/".length());
        if (name.isEmpty()) {
            response.getHeaders().put("X-PyPI-Last-Serial", Long.toString(view.serial()));
            response.getHeaders().put("X-Landfall-Snapshot", Long.toString(view.serial()));
            body(request, response, callback, route, format.get(), format.get().isJson() ? view.rootJson() : view.rootHtml(), head);
            return;
        }
        boolean slash = name.endsWith("/");
        if (slash) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.length() > ProjectName.MAX_LENGTH) {
            text(response, callback, route, 404, "not found", head);
            return;
        }
        if (!ProjectName.isNormalized(name)) {
            String normalized = ProjectName.normalize(name);
            if (!ProjectName.isNormalized(normalized)) {
                text(response, callback, route, 404, "not a valid project name", head);
                return;
            }
            redirect(response, callback, route, prefix + "/simple/" + normalized + "/");
            return;
        }
        if (!slash) {
            redirect(response, callback, route, prefix + "/simple/" + name + "/");
            return;
        }
        Long pageSerial = view.pageSerial(name);
        response.getHeaders().put("X-Landfall-Snapshot", Long.toString(view.serial()));
        if (pageSerial == null) {
            text(response, callback, route, 404, "project " + name + " does not exist in snapshot " + view.serial(), head);
            return;
        }
        ProjectName project = new ProjectName(name);
        String key = format.get().isJson() ? StorageKeys.pageJson(project, pageSerial) : StorageKeys.pageHtml(project, pageSerial);
        CachedBody page = cache.get(key);
        response.getHeaders().put("X-PyPI-Last-Serial", Long.toString(pageSerial));
        body(request, response, callback, route, format.get(), page, head);
    }

    private static Optional<SimpleFormat> negotiate(Request request) {
        String query = request.getHttpURI().getQuery();
        if (query != null && query.startsWith("format=") && query.length() < 200) {
            String value = java.net.URLDecoder.decode(query.substring("format=".length()), StandardCharsets.UTF_8);
            Optional<SimpleFormat> explicit = AcceptNegotiation.fromFormatParameter(value);
            if (explicit.isPresent()) {
                return explicit;
            }
        }
        return AcceptNegotiation.choose(request.getHeaders().get(HttpHeader.ACCEPT));
    }

    private void body(Request request, Response response, Callback callback, Route route, SimpleFormat format,
                      CachedBody body, boolean head) {
        boolean gzip = acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
        String etag = gzip ? body.gzipEtag() : body.etag();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType());
        response.getHeaders().put(HttpHeader.ETAG, etag);
        if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
            response.setStatus(304);
            counters.count(route, 304);
            response.write(true, null, callback);
            return;
        }
        byte[] bytes = gzip ? body.gzip() : body.bytes();
        if (gzip) {
            response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        counters.count(route, 200);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    private void servePackage(Request request, Response response, Callback callback, String path, boolean head) throws Exception {
        String key = path.substring(1);   // "packages/…": only keys under packages/ are ever served
        try {
            StorageKeys.requireSafe(key);
        } catch (IllegalArgumentException e) {
            text(response, callback, Route.PACKAGE, 400, "bad request path", head);
            return;
        }
        Optional<BlobInfo> info = blobs.stat(key);
        if (info.isEmpty()) {
            text(response, callback, Route.PACKAGE, 404, "not found", head);
            return;
        }
        long size = info.get().size();
        String etag = info.get().sha256() == null ? null : "\"" + info.get().sha256() + "\"";
        response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, key.endsWith(StorageKeys.METADATA_SUFFIX)
                ? "text/plain; charset=utf-8" : "application/octet-stream");
        if (etag != null) {
            response.getHeaders().put(HttpHeader.ETAG, etag);
            if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
                response.setStatus(304);
                counters.count(Route.PACKAGE, 304);
                response.write(true, null, callback);
                return;
            }
        }
        ByteRange range = ByteRange.parse(request.getHeaders().get(HttpHeader.RANGE), size);
        if (range instanceof ByteRange.Unsatisfiable) {
            response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
            text(response, callback, Route.PACKAGE, 416, "range not satisfiable", head);
            return;
        }
        long offset = 0;
        long length = size;
        if (range instanceof ByteRange.Partial p) {
            offset = p.first();
            length = p.length();
            response.setStatus(206);
            response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + p.first() + "-" + p.last() + "/" + size);
        } else {
            response.setStatus(200);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        counters.count(Route.PACKAGE, response.getStatus());
        if (head || length == 0) {
            response.write(true, null, callback);
            return;
        }
        try (InputStream in = range instanceof ByteRange.Partial ? blobs.get(key, offset, length) : blobs.get(key);
             OutputStream out = Content.Sink.asOutputStream(response)) {
            in.transferTo(out);
        } catch (NoSuchBlobException e) {
            // Deleted between stat and read (garbage collection): nothing was written yet only if not committed.
            throw e;
        }
        callback.succeeded();
    }

    private void redirect(Response response, Callback callback, Route route, String location) {
        response.setStatus(301);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        counters.count(route, 301);
        response.write(true, null, callback);
    }

    private void text(Response response, Callback callback, Route route, int status, String message, boolean head) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        counters.count(route, status);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    private static @Nullable Long cookieSnapshot(Request request) {
        if (request.getHeaders().get(HttpHeader.COOKIE) == null) {
            return null;
        }
        for (HttpCookie c : Request.getCookies(request)) {
            if (COOKIE.equals(c.getName())) {
                String v = c.getValue();
                if (v != null && !v.isEmpty() && v.length() <= 18 && v.chars().allMatch(Character::isDigit)) {
                    return Long.parseLong(v);
                }
            }
        }
        return null;
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

    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",", 64)) {
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
