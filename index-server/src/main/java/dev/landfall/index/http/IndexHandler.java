package dev.landfall.index.http;

import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.index.demand.OnDemandRequests;
import dev.landfall.index.http.HttpCounters.Route;
import dev.landfall.index.run.RunTable;
import dev.landfall.index.run.TrustedProxies;
import dev.landfall.index.snapshot.CachedBody;
import dev.landfall.index.snapshot.PageCache;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path (docs/architecture.md#http-surface, docs/decisions/004-jetty-handler-hot-path.md): {@code /simple/…},
 * {@code /snapshots/<W>/simple/…} and {@code /packages/…} as a Jetty core handler in front of Spring MVC.
 * It only coordinates, per request: harden the path ({@link RequestPath}), see what it asks for
 * ({@link RequestTarget}), choose the snapshot ({@link SnapshotDecision}), then let a responder write the
 * answer: pages verbatim from the {@link PageCache} ({@link PageResponder}), files from storage
 * ({@link FileResponder}), everything else as short text or a redirect ({@link PlainResponder}).
 * Anything not under those prefixes returns false and falls through to Spring MVC.
 *
 * <p>Per request the hot path only looks things up: constant headers are pre-encoded once, the
 * snapshot's serial headers and the run cookie's {@code Set-Cookie} are rendered once per snapshot,
 * header parsing is memoized, and plain ASCII paths are not decoded.
 */
public final class IndexHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(IndexHandler.class);

    private final SnapshotDecision.Snapshots snapshots;
    private final PageCache cache;
    private final RunCookie runCookie;
    private final CookielessRuns cookielessRuns;
    private final SerialHeaders serialHeaders = new SerialHeaders();
    private final PlainResponder plain;
    private final PageResponder pages;
    private final FileResponder files;

    /** On-demand mode: requests for projects missing from the snapshot wait for them; null otherwise (404 at once). */
    private final @Nullable OnDemandRequests onDemand;

    /**
     * @param runs     cookie-less runs (stickiness for clients that keep no cookies, such as uv)
     * @param onDemand on-demand mode's waiting requests, or null (a project missing from the snapshot is a 404)
     */
    public IndexHandler(SnapshotCatalog catalog, PageCache cache, BlobStore blobs, HttpCounters counters, Duration cookieMaxAge,
                        RunTable runs, TrustedProxies trustedProxies, @Nullable OnDemandRequests onDemand) {
        this.onDemand = onDemand;
        this.snapshots = SnapshotDecision.Snapshots.of(catalog);
        this.cache = cache;
        this.runCookie = new RunCookie(cookieMaxAge);
        this.cookielessRuns = new CookielessRuns(runs, trustedProxies, catalog::isRetained);
        this.plain = new PlainResponder(counters);
        this.pages = new PageResponder(counters, plain);
        this.files = new FileResponder(blobs, counters, plain);
    }

    /** Whether this handler answers the path (cheap prefix test, before any decoding). */
    public static boolean owns(String rawPath) {
        return RequestTarget.owns(rawPath);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String raw = request.getHttpURI().getPath();
        if (raw == null || !owns(raw)) {
            return false;
        }
        Route route = RequestTarget.route(raw);
        try {
            String method = request.getMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                plain.text(response, callback, route, 405, "method not allowed", head);
                return true;
            }
            Optional<String> path = RequestPath.decode(raw);
            if (path.isEmpty()) {
                plain.text(response, callback, route, 400, "bad request path", head);
                return true;
            }
            RequestTarget target = RequestTarget.of(path.get());
            if (target instanceof RequestTarget.File file) {
                cookielessRuns.touch(request);
                files.serve(request, response, callback, file.key(), head);
            } else if (target instanceof RequestTarget.Current current) {
                serveRun(request, response, callback, route, current.page(), head);
            } else if (target instanceof RequestTarget.Pinned pinned) {
                servePinned(request, response, callback, route, pinned, head);
            } else if (target instanceof RequestTarget.BadPinnedPath) {
                plain.text(response, callback, route, 404, "not found: use /snapshots/<serial>/simple/", head);
            } else {
                return false;
            }
        } catch (Throwable e) {
            log.warn("failed to serve {}: {}", raw.length() > 200 ? raw.substring(0, 200) : raw, e.toString());
            plain.failure(response, callback, route, e);
        }
        return true;
    }

    /**
     * {@code /simple/…}: the run's snapshot (its cookie, or without one its cookie-less run) or the current one,
     * which then pins the run. A revalidation ({@code If-None-Match}) is answered from the same snapshot, so a 304
     * only ever confirms a client's cached page of the run's snapshot.
     */
    private void serveRun(Request request, Response response, Callback callback, Route route, SimplePage page,
                          boolean head) throws Exception {
        Long cookie = RunCookie.serial(request);
        Long run = cookie != null ? null : cookielessRuns.serial(request, snapshots.current().map(SnapshotView::serial).orElse(null),
                page instanceof SimplePage.RootIndex);
        SnapshotChoice choice = SnapshotDecision.forRun(cookie, run, snapshots);
        SnapshotView view;
        if (choice instanceof SnapshotChoice.Stay stay) {
            view = stay.view();
        } else if (choice instanceof SnapshotChoice.Pin pin) {
            view = pin.view();
            response.getHeaders().add(runCookie.setCookie(request, view.serial()));
        } else {
            plain.text(response, callback, route, 503, "no snapshot published yet", head);
            return;
        }
        response.getHeaders().add(CacheControl.NO_CACHE);
        servePage(request, response, callback, route, page, "", view, head);
    }

    /** {@code /snapshots/<W>/simple/…}: W while it is retained, whatever is current. */
    private void servePinned(Request request, Response response, Callback callback, Route route,
                             RequestTarget.Pinned pinned, boolean head) throws Exception {
        SnapshotChoice choice = SnapshotDecision.forPinned(pinned.serial(), snapshots);
        if (!(choice instanceof SnapshotChoice.Pinned found)) {
            // Not immutable: a W another replica just published is served here a moment later.
            response.getHeaders().add(CacheControl.NO_CACHE);
            plain.text(response, callback, route, 404,
                    "snapshot " + pinned.serial() + " was never published or is no longer retained", head);
            return;
        }
        response.getHeaders().add(CacheControl.IMMUTABLE);
        servePage(request, response, callback, route, pinned.page(), pinned.prefix(), found.view(), head);
    }

    /** One page of {@code view}; redirect locations are under {@code prefix} ({@code ""} or {@code /snapshots/<W>}). */
    private void servePage(Request request, Response response, Callback callback, Route route, SimplePage page,
                           String prefix, SnapshotView view, boolean head) throws Exception {
        if (page instanceof SimplePage.BareSimple) {
            plain.redirect(response, callback, route, prefix + "/simple/");
            return;
        }
        Optional<SimpleFormat> negotiated = pages.negotiate(request, response, callback, route, head);
        if (negotiated.isEmpty()) {
            return;   // 406 written
        }
        SimpleFormat format = negotiated.get();
        if (page instanceof SimplePage.RootIndex) {
            response.getHeaders().add(serialHeaders.lastSerial(view.serial()));
            response.getHeaders().add(serialHeaders.landfallSnapshot(view.serial()));
            pages.write(request, response, callback, route, format, format.isJson() ? view.rootJson() : view.rootHtml(), head);
        } else if (page instanceof SimplePage.Redirect redirect) {
            plain.redirect(response, callback, route, prefix + redirect.location());
        } else if (page instanceof SimplePage.NotFound notFound) {
            plain.text(response, callback, route, 404, notFound.message(), head);
        } else if (page instanceof SimplePage.Project project) {
            serveProject(request, response, callback, route, project.name(), format, view, head, prefix.isEmpty());
        }
    }

    private void serveProject(Request request, Response response, Callback callback, Route route, String name,
                              SimpleFormat format, SnapshotView view, boolean head, boolean run) throws Exception {
        Long pageSerial = view.pageSerial(name);
        response.getHeaders().add(serialHeaders.landfallSnapshot(view.serial()));
        if (pageSerial == null && run && onDemand != null) {
            awaitDemanded(request, response, callback, route, name, format, head); // a pinned snapshot never changes
            return;
        }
        if (pageSerial == null) {
            plain.text(response, callback, route, 404, "project " + name + " does not exist in snapshot " + view.serial(), head);
            return;
        }
        ProjectName project = new ProjectName(name);
        String key = format.isJson() ? StorageKeys.pageJson(project, pageSerial) : StorageKeys.pageHtml(project, pageSerial);
        CachedBody body = cache.get(key);
        response.getHeaders().add(new HttpField("X-PyPI-Last-Serial", Long.toString(pageSerial)));
        pages.write(request, response, callback, route, format, body, head);
    }

    /**
     * Hands the request to {@link OnDemandRequests}; it is answered later from the first snapshot holding the
     * project, which is never older than the one this request saw (the current one is the newest), and the run's
     * cookie moves forward to it.
     */
    private void awaitDemanded(Request request, Response response, Callback callback, Route route, String name,
                               SimpleFormat format, boolean head) {
        onDemand.await(name, new OnDemandRequests.Answer() {
            @Override
            public void serve(SnapshotView view) {
                try {
                    response.getHeaders().remove(HttpHeader.SET_COOKIE);
                    response.getHeaders().remove("X-Landfall-Snapshot");
                    response.getHeaders().add(runCookie.setCookie(request, view.serial()));
                    serveProject(request, response, callback, route, name, format, view, head, false);
                } catch (Throwable e) {
                    log.warn("failed to serve demanded project {}: {}", name, e.toString());
                    plain.failure(response, callback, route, e);
                }
            }

            @Override
            public void reject(int status, String message, @Nullable String retryAfterSeconds) {
                if (retryAfterSeconds != null) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
                }
                plain.text(response, callback, route, status, message, head);
            }
        });
    }
}
