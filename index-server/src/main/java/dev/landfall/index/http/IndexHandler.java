package dev.landfall.index.http;

import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.NoSuchBlobException;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.index.demand.OnDemandRequests;
import dev.landfall.index.http.HttpCounters.Route;
import dev.landfall.index.snapshot.CachedBody;
import dev.landfall.index.snapshot.PageCache;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
import dev.landfall.common.storage.FilesystemBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpCookieUtils;
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
 *
 * <p>Per request the hot path only looks things up: constant headers are pre-encoded once, the
 * snapshot's serial headers and the run-stickiness {@code Set-Cookie} are rendered once per snapshot
 * (the cookie once per second, for its {@code Expires}), {@code Accept}/{@code Accept-Encoding}
 * parsing is memoized by raw header value, and plain ASCII paths are not decoded. With filesystem
 * storage, files go out through Jetty's channel-backed content source in 64 KiB direct buffers, and
 * their size and sha256 (stat + xattr) are cached: objects under {@code packages/} are immutable.
 */
public final class IndexHandler extends Handler.Abstract {

    public static final String COOKIE = "landfall-snapshot";
    private static final Logger log = LoggerFactory.getLogger(IndexHandler.class);
    private static final String SIMPLE = "/simple";
    private static final String SNAPSHOTS = "/snapshots/";
    private static final String PACKAGES = "/packages/";
    private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept, Accept-Encoding");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final HttpField IMMUTABLE =
            new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");
    private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
    private static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");
    private static final HttpField TEXT_PLAIN = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    private static final HttpField OCTET_STREAM = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    private static final Map<SimpleFormat, HttpField> CONTENT_TYPES = contentTypes();
    /** Files at most this many are remembered (size + sha256); on overflow the memo starts over. */
    static final int FILE_INFO_ENTRIES = 16_384;
    /** Read buffer for files: Jetty's default pool keeps direct buffers up to 64 KiB. */
    private static final int FILE_BUFFER = 64 * 1024;

    private final SnapshotCatalog catalog;
    private final PageCache cache;
    private final BlobStore blobs;
    private final HttpCounters counters;
    private final Duration cookieMaxAge;
    private final HeaderMemo<Optional<SimpleFormat>> acceptMemo = new HeaderMemo<>(AcceptNegotiation::choose);
    private final HeaderMemo<Boolean> gzipMemo = new HeaderMemo<>(IndexHandler::acceptsGzip);
    /** Storage root when files can be served straight from disk (filesystem storage), else null. */
    private final @Nullable Path fileRoot;
    private final ConcurrentHashMap<String, BlobInfo> fileInfo = new ConcurrentHashMap<>();
    private volatile @Nullable SnapshotFields snapshotFields;
    private volatile @Nullable CookieField cookieField;
    private volatile ByteBufferPool.@Nullable Sized filePool;

    /** On-demand mode: requests for projects missing from the snapshot wait for them; null otherwise (404 at once). */
    private final @Nullable OnDemandRequests onDemand;

    public IndexHandler(SnapshotCatalog catalog, PageCache cache, BlobStore blobs, HttpCounters counters, Duration cookieMaxAge) {
        this(catalog, cache, blobs, counters, cookieMaxAge, null);
    }

    public IndexHandler(SnapshotCatalog catalog, PageCache cache, BlobStore blobs, HttpCounters counters, Duration cookieMaxAge,
                        @Nullable OnDemandRequests onDemand) {
        this.onDemand = onDemand;
        this.catalog = catalog;
        this.cache = cache;
        this.blobs = blobs;
        this.counters = counters;
        this.cookieMaxAge = cookieMaxAge;
        this.fileRoot = blobs instanceof FilesystemBlobStore fs ? fs.root().toAbsolutePath().normalize() : null;
    }

    /** One snapshot's serial rendered as the two headers that carry it (the root index sends both). */
    private record SnapshotFields(long serial, HttpField landfallSnapshot, HttpField lastSerial) {
    }

    /** The stickiness cookie for one snapshot, rendered by Jetty within one second of its {@code Expires}. */
    private record CookieField(long serial, long second, HttpField field) {
    }

    private static Map<SimpleFormat, HttpField> contentTypes() {
        Map<SimpleFormat, HttpField> types = new EnumMap<>(SimpleFormat.class);
        for (SimpleFormat f : SimpleFormat.values()) {
            types.put(f, new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, f.contentType()));
        }
        return types;
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
                if (isStorageFailure(e)) {
                    // Object storage is down or unreachable: a transient condition the client should retry,
                    // not a server bug (pip retries 503s). Cached pages keep being served meanwhile.
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, STORAGE_RETRY_AFTER_SECONDS);
                    text(response, callback, route, 503, "storage unavailable, retry later", false);
                } else {
                    text(response, callback, route, 500, "internal error", false);
                }
            } else {
                counters.count(route, 500);
                callback.failed(e);
            }
        }
        return true;
    }

    private static final String STORAGE_RETRY_AFTER_SECONDS = "5";

    private static boolean isStorageFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
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
            if (view == null) {
                view = catalog.newerThanCurrent(pinnedByCookie).orElse(null);
            }
        }
        if (view == null) {
            view = catalog.current().orElse(null);
        }
        if (view == null) {
            text(response, callback, route(path), 503, "no snapshot published yet", head);
            return;
        }
        // A valid cookie for a retained snapshot pins the run already: only new runs get one.
        if (pinnedByCookie == null || pinnedByCookie != view.serial()) {
            response.getHeaders().add(stickinessCookie(request, view.serial()));
        }
        response.getHeaders().add(NO_CACHE);
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
        response.getHeaders().add(IMMUTABLE);
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
        response.getHeaders().add(VARY);
        if (format.isEmpty()) {
            text(response, callback, route, 406, "not acceptable: offer application/vnd.pypi.simple.v1+json, "
                    + "application/vnd.pypi.simple.v1+html or text/html", head);
            return;
        }
        String name = path.substring("/simple/".length());
        if (name.isEmpty()) {
            SnapshotFields serial = snapshotFields(view.serial());
            response.getHeaders().add(serial.lastSerial());
            response.getHeaders().add(serial.landfallSnapshot());
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
        if (!isPlainNormalized(name) && !ProjectName.isNormalized(name)) {
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
        response.getHeaders().add(snapshotFields(view.serial()).landfallSnapshot());
        if (pageSerial == null) {
            if (onDemand != null && prefix.isEmpty()) {
                awaitDemanded(request, response, callback, path, route, name, head); // a pinned snapshot never changes
                return;
            }
            text(response, callback, route, 404, "project " + name + " does not exist in snapshot " + view.serial(), head);
            return;
        }
        ProjectName project = new ProjectName(name);
        String key = format.get().isJson() ? StorageKeys.pageJson(project, pageSerial) : StorageKeys.pageHtml(project, pageSerial);
        CachedBody page = cache.get(key);
        response.getHeaders().add(new HttpField("X-PyPI-Last-Serial", Long.toString(pageSerial)));
        body(request, response, callback, route, format.get(), page, head);
    }

    /**
     * Hands the request to {@link OnDemandRequests}; it is answered later from the first snapshot holding the
     * project, which is never older than the one this request saw (the current one is the newest), and the run's
     * cookie moves forward to it.
     */
    private void awaitDemanded(Request request, Response response, Callback callback, String path, Route route, String name,
                               boolean head) {
        onDemand.await(name, new OnDemandRequests.Answer() {
            @Override
            public void serve(SnapshotView view) {
                try {
                    response.getHeaders().clear();
                    response.getHeaders().add(stickinessCookie(request, view.serial()));
                    response.getHeaders().add(NO_CACHE);
                    serveSimple(request, response, callback, path, "", view, head);
                } catch (Throwable e) {
                    log.warn("failed to serve demanded project {}: {}", name, e.toString());
                    response.getHeaders().clear();
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, STORAGE_RETRY_AFTER_SECONDS);
                    text(response, callback, route, 503, "project " + name + " cannot be served now, retry later", false);
                }
            }

            @Override
            public void reject(int status, String message, @Nullable String retryAfterSeconds) {
                if (retryAfterSeconds != null) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
                }
                text(response, callback, route, status, message, head);
            }
        });
    }

    private Optional<SimpleFormat> negotiate(Request request) {
        String query = request.getHttpURI().getQuery();
        if (query != null && query.startsWith("format=") && query.length() < 200) {
            String value = java.net.URLDecoder.decode(query.substring("format=".length()), StandardCharsets.UTF_8);
            Optional<SimpleFormat> explicit = AcceptNegotiation.fromFormatParameter(value);
            if (explicit.isPresent()) {
                return explicit;
            }
        }
        return acceptMemo.get(request.getHeaders().get(HttpHeader.ACCEPT));
    }

    private void body(Request request, Response response, Callback callback, Route route, SimpleFormat format,
                      CachedBody body, boolean head) {
        boolean gzip = gzipMemo.get(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
        String etag = gzip ? body.gzipEtag() : body.etag();
        response.getHeaders().add(CONTENT_TYPES.get(format));
        response.getHeaders().add(new HttpField(HttpHeader.ETAG, etag));
        if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
            response.setStatus(304);
            counters.count(route, 304);
            response.write(true, null, callback);
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

    private void servePackage(Request request, Response response, Callback callback, String path, boolean head) throws Exception {
        String key = path.substring(1);   // "packages/…": only keys under packages/ are ever served
        try {
            StorageKeys.requireSafe(key);
        } catch (IllegalArgumentException e) {
            text(response, callback, Route.PACKAGE, 400, "bad request path", head);
            return;
        }
        Path root = fileRoot;
        if (root == null) {
            Optional<BlobInfo> info = blobs.stat(key);
            if (info.isEmpty()) {
                text(response, callback, Route.PACKAGE, 404, "not found", head);
                return;
            }
            serveBlob(request, response, callback, key, info.get(), null, head);
            return;
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            text(response, callback, Route.PACKAGE, 400, "bad request path", head);
            return;
        }
        // Opening first proves the file still exists (garbage collection may delete it) before a
        // remembered size is trusted: one open instead of stat + getxattr per request.
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            fileInfo.remove(key);
            text(response, callback, Route.PACKAGE, 404, "not found", head);
            return;
        }
        boolean handedOff = false;
        try {
            BlobInfo info = fileInfo.get(key);
            if (info == null) {
                info = blobs.stat(key).orElse(null);   // empty for directories, as before
                if (info == null) {
                    text(response, callback, Route.PACKAGE, 404, "not found", head);
                    return;
                }
                if (fileInfo.size() >= FILE_INFO_ENTRIES) {
                    fileInfo.clear();
                }
                fileInfo.put(key, info);
            }
            handedOff = serveBlob(request, response, callback, key, info, channel, head);
        } finally {
            if (!handedOff) {
                channel.close();
            }
        }
    }

    /**
     * Headers, conditional request and range of one stored object, then its bytes: from {@code channel}
     * (filesystem storage) or the BlobStore stream. True if {@code channel} now belongs to Jetty.
     */
    private boolean serveBlob(Request request, Response response, Callback callback, String key, BlobInfo info,
                              @Nullable FileChannel channel, boolean head) throws IOException {
        long size = info.size();
        String etag = info.sha256() == null ? null : "\"" + info.sha256() + "\"";
        response.getHeaders().add(ACCEPT_RANGES);
        response.getHeaders().add(IMMUTABLE);
        response.getHeaders().add(key.endsWith(StorageKeys.METADATA_SUFFIX) ? TEXT_PLAIN : OCTET_STREAM);
        if (etag != null) {
            response.getHeaders().add(new HttpField(HttpHeader.ETAG, etag));
            if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
                response.setStatus(304);
                counters.count(Route.PACKAGE, 304);
                response.write(true, null, callback);
                return false;
            }
        }
        ByteRange range = ByteRange.parse(request.getHeaders().get(HttpHeader.RANGE), size);
        if (range instanceof ByteRange.Unsatisfiable) {
            response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
            text(response, callback, Route.PACKAGE, 416, "range not satisfiable", head);
            return false;
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
            return false;
        }
        if (channel != null) {
            // Jetty reads the channel into pooled direct buffers and writes them without another copy;
            // the source closes the channel when it reaches the end or fails.
            Content.copy(Content.Source.from(filePool(request), channel, offset, length), response, callback);
            return true;
        }
        try (InputStream in = range instanceof ByteRange.Partial ? blobs.get(key, offset, length) : blobs.get(key);
             OutputStream out = Content.Sink.asOutputStream(response)) {
            in.transferTo(out);
        } catch (NoSuchBlobException e) {
            // Deleted between stat and read (garbage collection): nothing was written yet only if not committed.
            throw e;
        }
        callback.succeeded();
        return false;
    }

    private ByteBufferPool.Sized filePool(Request request) {
        ByteBufferPool.Sized pool = filePool;
        if (pool == null) {
            pool = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, FILE_BUFFER);
            filePool = pool;
        }
        return pool;
    }

    private SnapshotFields snapshotFields(long serial) {
        SnapshotFields fields = snapshotFields;
        if (fields == null || fields.serial() != serial) {
            String value = Long.toString(serial);
            fields = new SnapshotFields(serial, new PreEncodedHttpField("X-Landfall-Snapshot", value),
                    new PreEncodedHttpField("X-PyPI-Last-Serial", value));
            snapshotFields = fields;
        }
        return fields;
    }

    /**
     * The {@code Set-Cookie} Jetty itself would render ({@code Response.addCookie}: same-site default of the
     * context, the connector's cookie compliance), kept for the rest of the second of the request's timestamp
     * so {@code Expires} stays within a second of what rendering it per request would give.
     */
    private HttpField stickinessCookie(Request request, long serial) {
        long second = Request.getTimeStamp(request) / 1000;
        CookieField cached = cookieField;
        if (cached == null || cached.serial() != serial || cached.second() != second) {
            HttpCookie cookie = HttpCookieUtils.checkSameSite(HttpCookie.build(COOKIE, Long.toString(serial))
                    .path("/").maxAge(cookieMaxAge.toSeconds()).httpOnly(true).build(), request.getContext());
            String value = HttpCookieUtils.getSetCookie(cookie,
                    request.getConnectionMetaData().getHttpConfiguration().getResponseCookieCompliance());
            cached = new CookieField(serial, second, new PreEncodedHttpField(HttpHeader.SET_COOKIE, value));
            cookieField = cached;
        }
        return cached.field();
    }

    /**
     * The common case of {@link ProjectName#isNormalized} without its two regular expressions: only
     * {@code [a-z0-9-]}, alphanumeric at both ends, no {@code --}. False means "ask ProjectName".
     */
    static boolean isPlainNormalized(String name) {
        int n = name.length();
        if (n == 0 || n > ProjectName.MAX_LENGTH || name.charAt(0) == '-' || name.charAt(n - 1) == '-') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (c != '-' || name.charAt(i - 1) == '-')) {
                return false;
            }
        }
        return true;
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
        response.getHeaders().put(TEXT_PLAIN);
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
