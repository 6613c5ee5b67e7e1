package dev.landfall.simulator.http;

import dev.landfall.simulator.cdn.Cdn;
import dev.landfall.simulator.cdn.Representation;
import dev.landfall.simulator.model.Names;
import dev.landfall.simulator.model.Project;
import dev.landfall.simulator.model.ProjectState;
import dev.landfall.simulator.model.ProjectVersion;
import dev.landfall.simulator.model.PublishedFile;
import dev.landfall.simulator.model.Release;
import dev.landfall.simulator.model.SimFile;
import dev.landfall.simulator.model.World;
import dev.landfall.simulator.wheel.ContentStore;
import dev.landfall.simulator.wheel.Digests;
import dev.landfall.simulator.xmlrpc.XmlRpcEndpoint;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * PyPI's HTTP surface: XML-RPC, {@code /simple/}, {@code /simple/<p>/}, {@code /pypi/<p>[/<v>]/json} and the
 * files host, each passed through the {@link Cdn} fault layer.
 */
final class PypiSurface {

    private static final int MAX_XMLRPC_BODY = 1 << 20;

    private final World world;
    private final ContentStore content;
    private final Cdn cdn;
    private final XmlRpcEndpoint xmlrpc;
    private final PageRenderer renderer;
    private final AtomicReference<Rendered[]> root = new AtomicReference<>();

    PypiSurface(World world, ContentStore content, Cdn cdn, XmlRpcEndpoint xmlrpc, PageRenderer renderer) {
        this.world = world;
        this.content = content;
        this.cdn = cdn;
        this.xmlrpc = xmlrpc;
        this.renderer = renderer;
    }

    void serve(Request request, Response response, Callback callback, String path) throws Exception {
        String method = request.getMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/pypi") || path.equals("/pypi/") || path.equals("/RPC2")) {
            if (!method.equals("POST")) {
                Responses.text(response, callback, 405, "XML-RPC: use POST");
                return;
            }
            xmlRpc(request, response, callback);
        } else if (!get) {
            Responses.text(response, callback, 405, "Method Not Allowed");
        } else if (path.equals("/simple")) {
            Responses.redirect(response, callback, "/simple/");
        } else if (path.equals("/simple/")) {
            root(request, response, callback);
        } else if (path.startsWith("/simple/")) {
            simplePage(request, response, callback, path);
        } else if (path.startsWith("/pypi/") && (path.endsWith("/json") || path.endsWith("/json/"))) {
            jsonApi(request, response, callback, path);
        } else if (path.startsWith("/packages/")) {
            file(request, response, callback, path);
        } else {
            Responses.text(response, callback, 404, "Not Found");
        }
    }

    // ---- XML-RPC ----

    private void xmlRpc(Request request, Response response, Callback callback) throws IOException {
        int error = cdn.serverError();
        if (error != 0) {
            Responses.serverError(response, callback, error);
            return;
        }
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        if (body.length() > MAX_XMLRPC_BODY) {
            Responses.text(response, callback, 413, "Request Entity Too Large");
            return;
        }
        byte[] answer = xmlrpc.handle(body);
        if (cdn.garbage()) {
            if (ThreadLocalRandom.current().nextBoolean()) {
                answer = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><arr"
                        .getBytes(StandardCharsets.UTF_8);
                Responses.send(response, callback, 200, "text/xml", answer);
            } else {
                Responses.send(response, callback, 200, "text/html; charset=utf-8",
                        "<html><body><h1>Our backend is having trouble</h1></body></html>\n"
                                .getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        Responses.sendBody(response, callback, "text/xml", answer, cdn.truncate());
    }

    // ---- /simple/ ----

    private void root(Request request, Response response, Callback callback) {
        int error = cdn.serverError();
        if (error != 0) {
            Responses.serverError(response, callback, error);
            return;
        }
        boolean json = wantsJson(request);
        Rendered page = rootPage(json);
        response.getHeaders().put("X-PyPI-Last-Serial", serialOf(page));
        response.getHeaders().put(HttpHeader.VARY, "Accept");
        response.getHeaders().put(HttpHeader.ETAG, page.etag());
        if (page.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            Responses.notModified(response, callback);
            return;
        }
        if (json && cdn.garbage()) {
            sendGarbageJson(response, callback, page.body());
            return;
        }
        Responses.sendBody(response, callback, page.contentType(), page.body(), cdn.truncate());
    }

    private static String serialOf(Rendered r) {
        String e = r.etag();
        return e.substring(2, e.indexOf('-'));
    }

    private Rendered rootPage(boolean json) {
        long serial = world.lastSerial();
        Rendered[] cached = root.get();
        if (cached == null || !serialOf(cached[0]).equals(Long.toString(serial))) {
            // Pinned to the serial read above, so the listing never shows a transaction applied meanwhile.
            List<ProjectState> states = world.existingAt(serial);
            cached = new Rendered[] {
                PageRenderer.rendered(renderer.rootJson(serial, states), "r", serial, PageRenderer.JSON_TYPE),
                PageRenderer.rendered(renderer.rootHtml(states), "R", serial, PageRenderer.HTML_TYPE)};
            root.set(cached);
        }
        return cached[json ? 0 : 1];
    }

    private void simplePage(Request request, Response response, Callback callback, String path) {
        String rest = path.substring("/simple/".length());
        boolean slash = rest.endsWith("/");
        String raw = slash ? rest.substring(0, rest.length() - 1) : rest;
        if (raw.isEmpty() || raw.contains("/")) {
            Responses.text(response, callback, 404, "Not Found");
            return;
        }
        String name = Names.normalize(raw);
        if (!slash || !name.equals(raw)) {
            Responses.redirect(response, callback, "/simple/" + name + "/");
            return;
        }
        Representation rep = wantsJson(request) ? Representation.SIMPLE_JSON : Representation.SIMPLE_HTML;
        projectRepresentation(request, response, callback, name, rep, null);
    }

    private void jsonApi(Request request, Response response, Callback callback, String path) {
        String[] seg = path.substring("/pypi/".length()).split("/");
        // seg: [project, "json"] or [project, version, "json"]
        if (seg.length < 2 || seg.length > 3) {
            Responses.text(response, callback, 404, "Not Found");
            return;
        }
        String name = Names.normalize(seg[0]);
        if (!name.equals(seg[0]) || path.endsWith("/")) {
            String target = "/pypi/" + name + (seg.length == 3 ? "/" + seg[1] : "") + "/json";
            Responses.redirect(response, callback, target);
            return;
        }
        projectRepresentation(request, response, callback, name, Representation.JSON_API,
                seg.length == 3 ? seg[1] : null);
    }

    private void projectRepresentation(Request request, Response response, Callback callback, String name,
                                       Representation rep, @Nullable String version) {
        OptionalInt forced = cdn.forcedStatus(name);
        if (forced.isPresent()) {
            Responses.text(response, callback, forced.getAsInt(), "Forced status for " + name);
            return;
        }
        int error = cdn.serverError();
        if (error != 0) {
            Responses.serverError(response, callback, error);
            return;
        }
        Project project = world.project(name);
        ProjectVersion current = project == null ? null : project.current();
        ProjectVersion v = current == null ? null : cdn.select(project, current, rep);
        if (v == null || !v.state().exists()
                || (rep == Representation.JSON_API && v.state().releases().isEmpty())) {
            Responses.text(response, callback, 404, "Not Found");
            return;
        }
        Rendered page;
        if (version == null) {
            page = renderer.render(v, rep);
        } else {
            Release release = null;
            for (Release r : v.state().releases()) {
                if (r.version().equals(version)) {
                    release = r;
                }
            }
            if (release == null) {
                Responses.text(response, callback, 404, "Not Found");
                return;
            }
            page = PageRenderer.rendered(renderer.jsonApi(v.state(), release), "v", v.serial(), PageRenderer.API_TYPE);
        }
        response.getHeaders().put("X-PyPI-Last-Serial", Long.toString(v.serial()));
        response.getHeaders().put(HttpHeader.ETAG, page.etag());
        if (rep == Representation.JSON_API) {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=900, public");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            response.getHeaders().put(HttpHeader.VARY, "Accept");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=600, public");
        }
        if (page.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            Responses.notModified(response, callback);
            return;
        }
        if (rep != Representation.SIMPLE_HTML && cdn.garbage()) {
            sendGarbageJson(response, callback, page.body());
            return;
        }
        Responses.sendBody(response, callback, page.contentType(), page.body(), cdn.truncate());
    }

    private static void sendGarbageJson(Response response, Callback callback, byte[] body) {
        byte[] garbage;
        if (ThreadLocalRandom.current().nextBoolean() && body.length > 2) {
            garbage = Arrays.copyOf(body, body.length / 2); // valid length, invalid JSON
        } else {
            garbage = "{\"meta\": {\"api-version\": \"1.4\", <html>oops</html>".getBytes(StandardCharsets.UTF_8);
        }
        Responses.send(response, callback, 200, "application/vnd.pypi.simple.v1+json", garbage);
    }

    private static boolean wantsJson(Request request) {
        Fields query = Request.extractQueryParameters(request);
        return MediaNegotiation.wantsJson(request.getHeaders().get(HttpHeader.ACCEPT), query.getValue("format"));
    }

    // ---- files host ----

    private void file(Request request, Response response, Callback callback, String path) throws IOException {
        String[] seg = path.split("/");
        // ["", "packages", h0:2, h2:4, h4:64, filename]
        if (seg.length != 6) {
            Responses.text(response, callback, 404, "Not Found");
            return;
        }
        String filename = seg[5];
        boolean metadata = filename.endsWith(".metadata");
        String base = metadata ? filename.substring(0, filename.length() - ".metadata".length()) : filename;
        PublishedFile published = world.file(base);
        if (published == null) {
            Responses.text(response, callback, 404, "Not Found");
            return;
        }
        SimFile f = published.file();
        Digests d = content.digests(f);
        if (!d.pathHash().equals(seg[2] + seg[3] + seg[4]) || (metadata && !f.hasCoreMetadata())) {
            Responses.text(response, callback, 404, "Not Found");
            return;
        }
        OptionalInt forced = cdn.forcedStatus(f.project());
        if (forced.isPresent()) {
            Responses.text(response, callback, forced.getAsInt(), "Forced status for " + f.project());
            return;
        }
        int error = cdn.serverError();
        if (error != 0) {
            Responses.serverError(response, callback, error);
            return;
        }
        if (cdn.notYetPropagated(published.publishedAtMillis())) {
            Responses.text(response, callback, 404, "Not Found");
            return;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=365000000, immutable, public");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        if (metadata) {
            byte[] body = content.metadata(f);
            if (cdn.corrupt()) {
                body = flipped(body);
            }
            response.getHeaders().put(HttpHeader.ETAG, "\"" + d.metadataSha256() + "\"");
            Responses.sendBody(response, callback, "application/octet-stream", body, cdn.truncate());
            return;
        }
        response.getHeaders().put(HttpHeader.ETAG, "\"" + d.sha256() + "\"");
        response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
        response.getHeaders().put("x-pypi-file-project", f.project());
        response.getHeaders().put("x-pypi-file-version", f.version());
        response.getHeaders().put("x-pypi-file-package-type", f.kind().isWheel() ? "bdist_wheel" : "sdist");
        response.getHeaders().put("x-pypi-file-python-version", f.pythonTag());
        long size = d.size();
        long from = 0;
        long to = size;
        String range = request.getHeaders().get(HttpHeader.RANGE);
        if (range != null) {
            long[] r = parseRange(range, size);
            if (r == null) {
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                Responses.text(response, callback, 416, "Range Not Satisfiable");
                return;
            }
            if (r.length == 2) {
                from = r[0];
                to = r[1];
                response.setStatus(206);
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + from + "-" + (to - 1) + "/" + size);
            }
        }
        boolean corrupt = cdn.corrupt();
        boolean truncate = cdn.truncate();
        String type = f.kind().isWheel() ? "application/zip" : "application/x-tar";
        if (!f.isLarge()) {
            byte[] all = content.bytes(f);
            byte[] body = from == 0 && to == all.length ? all : Arrays.copyOfRange(all, (int) from, (int) to);
            if (corrupt) {
                body = flipped(body);
            }
            Responses.sendBody(response, callback, type, body, truncate);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, to - from);
        long length = to - from;
        long cut = truncate && length > 1 ? ThreadLocalRandom.current().nextLong(length - 1) + 1 : -1;
        long flipAt = corrupt && length > 0 ? ThreadLocalRandom.current().nextLong(length) : -1;
        OutputStream out = Content.Sink.asOutputStream(response);
        try {
            OutputStream faulty = new FaultyStream(out, flipAt);
            content.write(f, faulty, from, cut >= 0 ? from + cut : to);
            if (cut >= 0) {
                out.flush();
                callback.failed(new EofException("simulated truncation"));
                return;
            }
            out.close();
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    /** Same length, one byte flipped somewhere in the middle. */
    private static byte[] flipped(byte[] body) {
        byte[] copy = body.clone();
        if (copy.length > 0) {
            int i = ThreadLocalRandom.current().nextInt(copy.length);
            copy[i] = (byte) (copy[i] ^ 0x5A);
        }
        return copy;
    }

    /** {from, to} (to exclusive), {} for "serve the whole file", or null for unsatisfiable. */
    static long @Nullable [] parseRange(String header, long size) {
        if (!header.startsWith("bytes=") || header.contains(",")) {
            return new long[0];
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new long[0];
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                if (n <= 0) {
                    return null;
                }
                return new long[] {Math.max(0, size - n), size};
            }
            long from = Long.parseLong(a);
            long to = b.isEmpty() ? size : Math.min(size, Long.parseLong(b) + 1);
            if (from >= size || to <= from) {
                return null;
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            return new long[0];
        }
    }

    /** Flips the byte at offset {@code flipAt} of the stream (or none if negative). */
    private static final class FaultyStream extends FilterOutputStream {
        private final long flipAt;
        private long pos;

        FaultyStream(OutputStream out, long flipAt) {
            super(out);
            this.flipAt = flipAt;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (flipAt >= pos && flipAt < pos + len) {
                byte[] copy = Arrays.copyOfRange(b, off, off + len);
                int i = (int) (flipAt - pos);
                copy[i] = (byte) (copy[i] ^ 0x5A);
                out.write(copy, 0, len);
            } else {
                out.write(b, off, len);
            }
            pos += len;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
