package dev.landfall.index.view;

import dev.landfall.common.project.ProjectName;
import dev.landfall.common.view.ViewDefinition;
import dev.landfall.index.http.AcceptNegotiation;
import dev.landfall.index.http.RequestPath;
import dev.landfall.index.http.SimpleFormat;
import dev.landfall.index.snapshot.CachedBody;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpCookieUtils;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A team's index (README "Team views"): {@code /t/<view>/simple/…} follows the run's snapshot like
 * {@code /simple/} (the same {@value #COOKIE} cookie, so a pip run mixing both stays on one W) and
 * {@code /t/<view>/snapshots/<W>/simple/…} is pinned. PEP 503 HTML and PEP 691 JSON as for {@code /simple/}, the
 * same headers, plus {@code X-Landfall-View} (the view's name) and {@code X-Landfall-View-Time} (W's time, which
 * the cooldown counts back from). Root and pages come from {@link TeamViews}, computed once and held in memory.
 * Unknown view → 404.
 */
public final class TeamViewHandler extends Handler.Abstract {

    public static final String PREFIX = "/t/";
    static final String COOKIE = "landfall-snapshot";
    private static final Logger log = LoggerFactory.getLogger(TeamViewHandler.class);
    private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept, Accept-Encoding");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final HttpField IMMUTABLE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");
    private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
    private static final HttpField TEXT_PLAIN = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");

    private final TeamViews views;
    private final SnapshotCatalog catalog;
    private final Duration cookieMaxAge;

    public TeamViewHandler(TeamViews views, SnapshotCatalog catalog, Duration cookieMaxAge) {
        this.views = views;
        this.catalog = catalog;
        this.cookieMaxAge = cookieMaxAge;
    }

    public static boolean owns(String rawPath) {
        return rawPath.startsWith(PREFIX);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String raw = request.getHttpURI().getPath();
        if (raw == null || !owns(raw)) {
            return false;
        }
        boolean head = "HEAD".equals(request.getMethod());
        try {
            if (!head && !"GET".equals(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                text(response, callback, 405, "method not allowed", head);
                return true;
            }
            Optional<String> decoded = RequestPath.decode(raw);
            if (decoded.isEmpty()) {
                text(response, callback, 400, "bad request path", head);
                return true;
            }
            serve(request, response, callback, decoded.get(), head);
        } catch (Throwable e) {
            log.warn("failed to serve {}: {}", raw.length() > 200 ? raw.substring(0, 200) : raw, e.toString());
            if (!response.isCommitted()) {
                response.getHeaders().clear();
                text(response, callback, isStorageFailure(e) ? 503 : 500,
                        isStorageFailure(e) ? "storage unavailable, retry later" : "internal error", false);
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    private void serve(Request request, Response response, Callback callback, String path, boolean head) throws Exception {
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String sub = slash < 0 ? "" : rest.substring(slash);
        Optional<TeamViews.Served> view = ViewDefinition.isValidName(name) ? views.view(name) : Optional.empty();
        if (view.isEmpty()) {
            text(response, callback, 404, "no such view: " + name, head);
            return;
        }
        String viewPrefix = PREFIX + name;
        if (sub.startsWith("/snapshots/")) {
            String pinned = sub.substring("/snapshots/".length());
            int s = pinned.indexOf('/');
            String w = s < 0 ? pinned : pinned.substring(0, s);
            String simple = s < 0 ? "" : pinned.substring(s);
            if (w.isEmpty() || w.length() > 18 || !w.chars().allMatch(Character::isDigit) || !isSimple(simple)) {
                text(response, callback, 404, "not found: use " + viewPrefix + "/snapshots/<serial>/simple/", head);
                return;
            }
            long serial = Long.parseLong(w);
            Optional<SnapshotView> snapshot = catalog.retainedView(serial);
            if (snapshot.isEmpty()) {
                text(response, callback, 404, "snapshot " + serial + " was never published or is no longer retained", head);
                return;
            }
            response.getHeaders().add(IMMUTABLE);
            serveSimple(request, response, callback, simple, viewPrefix + "/snapshots/" + serial, view.get(), snapshot.get(), head);
            return;
        }
        if (!isSimple(sub)) {
            text(response, callback, 404, "not found: use " + viewPrefix + "/simple/", head);
            return;
        }
        Long cookie = cookieSnapshot(request);
        SnapshotView snapshot = null;
        if (cookie != null) {
            snapshot = catalog.retainedView(cookie).orElse(null);
            if (snapshot == null) {
                snapshot = catalog.newerThanCurrent(cookie).orElse(null);
            }
        }
        if (snapshot == null) {
            snapshot = catalog.current().orElse(null);
        }
        if (snapshot == null) {
            text(response, callback, 503, "no snapshot published yet", head);
            return;
        }
        if (cookie == null || cookie != snapshot.serial()) {
            response.getHeaders().add(setCookie(request, snapshot.serial()));
        }
        response.getHeaders().add(NO_CACHE);
        serveSimple(request, response, callback, sub, viewPrefix, view.get(), snapshot, head);
    }

    private static boolean isSimple(String sub) {
        return sub.equals("/simple") || sub.startsWith("/simple/");
    }

    /** {@code path} is {@code /simple…} relative to {@code prefix}. */
    private void serveSimple(Request request, Response response, Callback callback, String path, String prefix,
                             TeamViews.Served view, SnapshotView snapshot, boolean head) throws Exception {
        if (path.equals("/simple")) {
            redirect(response, callback, prefix + "/simple/");
            return;
        }
        Optional<SimpleFormat> format = negotiate(request);
        response.getHeaders().add(VARY);
        if (format.isEmpty()) {
            text(response, callback, 406, "not acceptable: offer application/vnd.pypi.simple.v1+json, "
                    + "application/vnd.pypi.simple.v1+html or text/html", head);
            return;
        }
        String project = path.substring("/simple/".length());
        String w = Long.toString(snapshot.serial());
        if (project.isEmpty()) {
            ViewRoot root = views.root(view, snapshot);
            viewHeaders(response, view, w, root.timeOfW().toString());
            response.getHeaders().put("X-PyPI-Last-Serial", w);
            body(request, response, callback, format.get(), format.get().isJson() ? root.json() : root.html(), head);
            return;
        }
        boolean slash = project.endsWith("/");
        if (slash) {
            project = project.substring(0, project.length() - 1);
        }
        if (project.isEmpty() || project.indexOf('/') >= 0 || project.length() > ProjectName.MAX_LENGTH) {
            text(response, callback, 404, "not found", head);
            return;
        }
        if (!ProjectName.isNormalized(project)) {
            String normalized = ProjectName.normalize(project);
            if (!ProjectName.isNormalized(normalized)) {
                text(response, callback, 404, "not a valid project name", head);
                return;
            }
            redirect(response, callback, prefix + "/simple/" + normalized + "/");
            return;
        }
        if (!slash) {
            redirect(response, callback, prefix + "/simple/" + project + "/");
            return;
        }
        java.time.Instant time = views.timeOf(snapshot.serial());
        viewHeaders(response, view, w, time.toString());
        Long pageSerial = snapshot.pageSerial(project);
        if (pageSerial == null) {
            text(response, callback, 404, "project " + project + " does not exist in snapshot " + w, head);
            return;
        }
        ViewPage.Result page = views.page(view, project, pageSerial, time);
        if (page instanceof ViewPage.Omitted omitted) {
            text(response, callback, 404, "project " + project + " is not in view " + view.name() + " at snapshot " + w
                    + (omitted.reason() == ProjectVerdict.Reason.NAME ? " (its name is not admitted)" : " (the policy hides all its files)"), head);
            return;
        }
        ViewPage.Served served = (ViewPage.Served) page;
        response.getHeaders().put("X-PyPI-Last-Serial", Long.toString(pageSerial));
        body(request, response, callback, format.get(), format.get().isJson() ? served.json() : served.html(), head);
    }

    private static void viewHeaders(Response response, TeamViews.Served view, String w, String time) {
        response.getHeaders().put("X-Landfall-Snapshot", w);
        response.getHeaders().put("X-Landfall-View", view.name());
        response.getHeaders().put("X-Landfall-View-Time", time);
    }

    private static Optional<SimpleFormat> negotiate(Request request) {
        String query = request.getHttpURI().getQuery();
        if (query != null && query.startsWith("format=") && query.length() < 200) {
            Optional<SimpleFormat> explicit = AcceptNegotiation.fromFormatParameter(
                    java.net.URLDecoder.decode(query.substring("format=".length()), StandardCharsets.UTF_8));
            if (explicit.isPresent()) {
                return explicit;
            }
        }
        return AcceptNegotiation.choose(request.getHeaders().get(HttpHeader.ACCEPT));
    }

    private static void body(Request request, Response response, Callback callback, SimpleFormat format, CachedBody body, boolean head) {
        boolean gzip = acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
        String etag = gzip ? body.gzipEtag() : body.etag();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType());
        response.getHeaders().put(HttpHeader.ETAG, etag);
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            response.setStatus(304);
            response.write(true, null, callback);
            return;
        }
        byte[] bytes = gzip ? body.gzip() : body.bytes();
        if (gzip) {
            response.getHeaders().add(GZIP);
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    static boolean matches(String ifNoneMatch, String etag) {
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

    private HttpField setCookie(Request request, long serial) {
        HttpCookie cookie = HttpCookieUtils.checkSameSite(HttpCookie.build(COOKIE, Long.toString(serial))
                .path("/").maxAge(cookieMaxAge.toSeconds()).httpOnly(true).build(), request.getContext());
        return new HttpField(HttpHeader.SET_COOKIE, HttpCookieUtils.getSetCookie(cookie,
                request.getConnectionMetaData().getHttpConfiguration().getResponseCookieCompliance()));
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

    private static boolean isStorageFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static void redirect(Response response, Callback callback, String location) {
        response.setStatus(301);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
    }

    private static void text(Response response, Callback callback, int status, String message, boolean head) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(TEXT_PLAIN);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }
}
