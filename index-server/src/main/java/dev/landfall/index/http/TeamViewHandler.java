package dev.landfall.index.http;

import dev.landfall.common.view.ViewDefinition;
import dev.landfall.index.http.HttpCounters.Route;
import dev.landfall.index.run.ClientAddress;
import dev.landfall.index.run.TrustedProxies;
import dev.landfall.index.team.ReadTokens;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
import dev.landfall.index.view.TeamViews;
import dev.landfall.index.view.ViewPage;
import dev.landfall.index.view.ViewRoot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A team's index (README "Team views"): {@code /t/<view>/simple/…} follows the run's snapshot exactly like
 * {@code /simple/} (the same {@link SnapshotDecision} and run cookie, so a pip run mixing both stays on one W) and
 * {@code /t/<view>/snapshots/<W>/simple/…} is pinned. Same formats, negotiation, headers and responders as
 * {@link IndexHandler}, plus {@code X-Landfall-View} (the view's name) and {@code X-Landfall-View-Time} (W's time,
 * which the cooldown counts back from). The view's root and pages come from {@link TeamViews}, computed once and
 * held in memory. Unknown view → 404. Every answer of a known view carries {@code X-Landfall-View-Serial}, the view's
 * local serial (its uploads). A view's private project (docs/decisions/011-team-uploads.md) is served from its own
 * page and hides the base project of the same name. A read-protected view answers 401 with
 * {@code WWW-Authenticate: Basic} without a read token of the view, 403 with an unfit one, 429 while the client is
 * locked out ({@link ReadTokens}: from memory, no database access per request). Uploads
 * ({@code POST /t/<view>/upload/}) are not handled here: they pass to the admin server's API behind this handler
 * (one JVM) or are routed to the admin server (separate services).
 */
public final class TeamViewHandler extends Handler.Abstract {

    public static final String PREFIX = "/t/";
    private static final Logger log = LoggerFactory.getLogger(TeamViewHandler.class);

    private final TeamViews views;
    private final ReadTokens readTokens;
    private final TrustedProxies trusted;
    private final SnapshotDecision.Snapshots snapshots;
    private final RunCookie runCookie;
    private final SerialHeaders serialHeaders = new SerialHeaders();
    private final PlainResponder plain;
    private final PageResponder pages;

    public TeamViewHandler(TeamViews views, ReadTokens readTokens, SnapshotCatalog catalog, HttpCounters counters,
                           Duration cookieMaxAge, TrustedProxies trusted) {
        this.views = views;
        this.readTokens = readTokens;
        this.trusted = trusted;
        this.snapshots = SnapshotDecision.Snapshots.of(catalog);
        this.runCookie = new RunCookie(cookieMaxAge);
        this.plain = new PlainResponder(counters);
        this.pages = new PageResponder(counters, plain);
    }

    /** Whether this handler answers the path (cheap prefix test, before any decoding). */
    public static boolean owns(String rawPath) {
        return rawPath.startsWith(PREFIX);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String raw = request.getHttpURI().getPath();
        if (raw == null || !owns(raw)) {
            return false;
        }
        Route route = Route.VIEW;
        boolean head = "HEAD".equals(request.getMethod());
        if ("POST".equals(request.getMethod()) && isUploadPath(raw)) {
            return false;   // the upload API (admin server), see the class comment
        }
        try {
            if (!head && !"GET".equals(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                plain.text(response, callback, route, 405, "method not allowed", head);
                return true;
            }
            Optional<String> decoded = RequestPath.decode(raw);
            if (decoded.isEmpty()) {
                plain.text(response, callback, route, 400, "bad request path", head);
                return true;
            }
            serve(request, response, callback, decoded.get(), head);
        } catch (Throwable e) {
            log.warn("failed to serve {}: {}", raw.length() > 200 ? raw.substring(0, 200) : raw, e.toString());
            plain.failure(response, callback, route, e);
        }
        return true;
    }

    /** {@code /t/<view>/upload} with or without the slash, raw (no decoding: an encoded path never matches). */
    static boolean isUploadPath(String raw) {
        int slash = raw.indexOf('/', PREFIX.length());
        if (slash < 0) {
            return false;
        }
        String rest = raw.substring(slash);
        return ViewDefinition.isValidName(raw.substring(PREFIX.length(), slash)) && (rest.equals("/upload") || rest.equals("/upload/"));
    }

    /** {@code path} is {@code /t/<view>…}: the view, then the same targets as under {@code /} ({@link RequestTarget}). */
    private void serve(Request request, Response response, Callback callback, String path, boolean head) throws Exception {
        Route route = Route.VIEW;
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String sub = slash < 0 ? "" : rest.substring(slash);
        Optional<TeamViews.Served> view = ViewDefinition.isValidName(name) ? views.view(name) : Optional.empty();
        if (view.isEmpty()) {
            plain.text(response, callback, route, 404, "no such view: " + name, head);
            return;
        }
        if (readTokens.protects(name)) {
            ReadTokens.Check check = readTokens.check(name, request.getHeaders().get(HttpHeader.AUTHORIZATION), client(request));
            if (check.status() != 0) {
                if (check.status() == 401) {
                    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"landfall " + name + "\"");
                } else if (check.status() == 429) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(check.retryAfterSeconds()));
                }
                plain.text(response, callback, route, check.status(), check.message(), head);
                return;
            }
        }
        response.getHeaders().put("X-Landfall-View-Serial", Long.toString(views.privates(view.get()).localSerial()));
        String prefix = PREFIX + name;
        RequestTarget target = RequestTarget.of(sub);
        if (target instanceof RequestTarget.Current current) {
            SnapshotChoice choice = SnapshotDecision.forRun(RunCookie.serial(request), snapshots);
            SnapshotView snapshot;
            if (choice instanceof SnapshotChoice.Stay stay) {
                snapshot = stay.view();
            } else if (choice instanceof SnapshotChoice.Pin pin) {
                snapshot = pin.view();
                response.getHeaders().add(runCookie.setCookie(request, snapshot.serial()));
            } else {
                plain.text(response, callback, route, 503, "no snapshot published yet", head);
                return;
            }
            response.getHeaders().add(CacheControl.NO_CACHE);
            servePage(request, response, callback, current.page(), prefix, view.get(), snapshot, head);
        } else if (target instanceof RequestTarget.Pinned pinned) {
            SnapshotChoice choice = SnapshotDecision.forPinned(pinned.serial(), snapshots);
            if (!(choice instanceof SnapshotChoice.Pinned found)) {
                plain.text(response, callback, route, 404,
                        "snapshot " + pinned.serial() + " was never published or is no longer retained", head);
                return;
            }
            response.getHeaders().add(CacheControl.IMMUTABLE);
            servePage(request, response, callback, pinned.page(), prefix + pinned.prefix(), view.get(), found.view(), head);
        } else if (target instanceof RequestTarget.BadPinnedPath) {
            plain.text(response, callback, route, 404, "not found: use " + prefix + "/snapshots/<serial>/simple/", head);
        } else {
            // Files are global: a view's pages link /packages/…, never /t/<view>/packages/….
            plain.text(response, callback, route, 404, "not found: use " + prefix + "/simple/", head);
        }
    }

    /** One page of the view at {@code snapshot}; redirect locations are under {@code prefix}. */
    private void servePage(Request request, Response response, Callback callback, SimplePage page, String prefix,
                           TeamViews.Served view, SnapshotView snapshot, boolean head) throws Exception {
        Route route = Route.VIEW;
        if (page instanceof SimplePage.BareSimple) {
            plain.redirect(response, callback, route, prefix + "/simple/");
            return;
        }
        Optional<SimpleFormat> negotiated = pages.negotiate(request, response, callback, route, head);
        if (negotiated.isEmpty()) {
            return;   // 406 written
        }
        SimpleFormat format = negotiated.get();
        if (page instanceof SimplePage.Redirect redirect) {
            plain.redirect(response, callback, route, prefix + redirect.location());
            return;
        }
        if (page instanceof SimplePage.NotFound notFound) {
            plain.text(response, callback, route, 404, notFound.message(), head);
            return;
        }
        response.getHeaders().add(serialHeaders.landfallSnapshot(snapshot.serial()));
        response.getHeaders().put("X-Landfall-View", view.name());
        if (page instanceof SimplePage.RootIndex) {
            ViewRoot root = views.root(view, snapshot);
            response.getHeaders().put("X-Landfall-View-Time", root.timeOfW().toString());
            response.getHeaders().add(serialHeaders.lastSerial(snapshot.serial()));
            pages.write(request, response, callback, route, format, format.isJson() ? root.json() : root.html(), head);
            return;
        }
        String project = ((SimplePage.Project) page).name();
        Instant time = views.timeOf(snapshot.serial());
        response.getHeaders().put("X-Landfall-View-Time", time.toString());
        TeamViews.Private own = views.privates(view);
        Optional<ViewPage.Served> privatePage = own.page(project);
        if (privatePage.isPresent()) {
            // The team's own project: its page, never merged with the base project of that name.
            response.getHeaders().add(new HttpField("X-PyPI-Last-Serial", Long.toString(own.pageSerial(project))));
            pages.write(request, response, callback, route, format, format.isJson() ? privatePage.get().json() : privatePage.get().html(), head);
            return;
        }
        if (own.hides(project)) {
            plain.text(response, callback, route, 404, "project " + project + " is claimed by view " + view.name()
                    + " and has no upload yet; the upstream project of that name is hidden here", head);
            return;
        }
        Long pageSerial = snapshot.pageSerial(project);
        if (pageSerial == null) {
            plain.text(response, callback, route, 404, "project " + project + " does not exist in snapshot " + snapshot.serial(), head);
            return;
        }
        ViewPage.Result result = views.page(view, project, pageSerial, time);
        if (result instanceof ViewPage.Omitted omitted) {
            plain.text(response, callback, route, 404, "project " + project + " is not in view " + view.name()
                    + " at snapshot " + snapshot.serial() + " (" + omitted.why() + ")", head);
            return;
        }
        ViewPage.Served served = (ViewPage.Served) result;
        // (a private project was answered above)
        response.getHeaders().add(new HttpField("X-PyPI-Last-Serial", Long.toString(pageSerial)));
        pages.write(request, response, callback, route, format, format.isJson() ? served.json() : served.html(), head);
    }

    private String client(Request request) {
        String peer = Request.getRemoteAddr(request);
        if (trusted.isEmpty()) {
            return peer;
        }
        HttpFields headers = request.getHeaders();
        return ClientAddress.resolve(peer, headers.get(HttpHeader.FORWARDED), headers.get(HttpHeader.X_FORWARDED_FOR), trusted);
    }
}
