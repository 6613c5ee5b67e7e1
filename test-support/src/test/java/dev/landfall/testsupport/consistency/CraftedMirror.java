package dev.landfall.testsupport.consistency;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.OracleState.OracleFile;
import dev.landfall.simulator.OracleState.OracleProject;
import dev.landfall.simulator.PypiSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A stand-in index server on a JDK {@link HttpServer}: serves the simulator's state at one serial W the way a
 * correct mirror must (pages rendered from the oracle, file bytes copied from the simulator), unless a test
 * tampers with it. Each tamper hook corrupts one thing, so a test shows one check of the checker firing.
 */
final class CraftedMirror implements AutoCloseable {

    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final PypiSimulator sim;
    private final long w;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, byte[]> upstreamBytes = new ConcurrentHashMap<>();

    // Tamper hooks, reset before each test.
    volatile UnaryOperator<OracleState> state = UnaryOperator.identity();
    /** Prepended to file URLs: "" keeps them root-relative on the mirror. */
    volatile String fileOrigin = "";
    volatile BiConsumer<String, ObjectNode> jsonPage = (p, page) -> { };
    volatile BiFunction<String, String, String> htmlPage = (p, html) -> html;
    volatile UnaryOperator<String> rootHtml = UnaryOperator.identity();
    final Map<String, Integer> status = new ConcurrentHashMap<>();
    final Map<String, UnaryOperator<byte[]>> bytes = new ConcurrentHashMap<>();
    final Set<String> truncated = ConcurrentHashMap.newKeySet();
    /** Projects not in the snapshot that answer 200 anyway (with the page of the first project). */
    final Set<String> answeredAnyway = ConcurrentHashMap.newKeySet();

    CraftedMirror(PypiSimulator sim, long w) throws IOException {
        this.sim = sim;
        this.w = w;
        // Headers and body go out in separate writes: without TCP_NODELAY each answer waits out a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long serial() {
        return w;
    }

    OracleState served() {
        return state.apply(sim.oracle(w));
    }

    void reset() {
        state = UnaryOperator.identity();
        fileOrigin = "";
        jsonPage = (p, page) -> { };
        htmlPage = (p, html) -> html;
        rootHtml = UnaryOperator.identity();
        status.clear();
        bytes.clear();
        truncated.clear();
        answeredAnyway.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            boolean json = String.valueOf(ex.getRequestHeaders().getFirst("Accept")).contains(JSON);
            Integer forced = status.get(path);
            if (forced != null) {
                send(ex, forced, "text/plain", new byte[0]);
            } else if (path.startsWith("/packages/")) {
                servePackage(ex, path);
            } else if (path.equals("/simple/")) {
                OracleState s = served();
                ex.getResponseHeaders().add("X-Landfall-Snapshot", Long.toString(w));
                ex.getResponseHeaders().add("X-PyPI-Last-Serial", Long.toString(w));
                byte[] root = json ? rootJson(s) : rootHtml.apply(rootHtml(s)).getBytes(StandardCharsets.UTF_8);
                if (truncated.contains(path)) {
                    sendHalf(ex, root);
                }
                send(ex, 200, json ? JSON : "text/html", root);
            } else if (path.startsWith("/simple/") && path.endsWith("/")) {
                String name = path.substring("/simple/".length(), path.length() - 1);
                OracleState s = served();
                OracleProject p = s.projects().get(name);
                ex.getResponseHeaders().add("X-Landfall-Snapshot", Long.toString(w));
                if (p == null && answeredAnyway.contains(name)) {
                    p = s.projects().values().iterator().next();
                }
                if (p == null) {
                    send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                ex.getResponseHeaders().add("X-PyPI-Last-Serial", Long.toString(p.serial()));
                byte[] page = json ? projectJson(name, p) : projectHtml(name, p);
                if (truncated.contains(path)) {
                    sendHalf(ex, page);
                }
                send(ex, 200, json ? JSON : "text/html", page);
            } else {
                send(ex, 404, "text/plain", new byte[0]);
            }
        } catch (RuntimeException | InterruptedException e) {
            send(ex, 500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void servePackage(HttpExchange ex, String path) throws IOException, InterruptedException {
        byte[] body = upstream(path);
        if (body == null) {
            send(ex, 404, "text/plain", new byte[0]);
            return;
        }
        body = bytes.getOrDefault(path, UnaryOperator.identity()).apply(body.clone());
        if (truncated.contains(path)) {
            sendHalf(ex, body);
        }
        send(ex, 200, "application/octet-stream", body);
    }

    /** A 200 that promises the full length, sends half of it and closes the connection. */
    private static void sendHalf(HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        throw new IOException("truncated on purpose");
    }

    private byte[] upstream(String path) throws IOException, InterruptedException {
        byte[] cached = upstreamBytes.get(path);
        if (cached != null) {
            return cached;
        }
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            return null;
        }
        upstreamBytes.put(path, r.body());
        return r.body();
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private byte[] rootJson(OracleState s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("meta").put("api-version", "1.4").put("_last-serial", w);
        ArrayNode projects = root.putArray("projects");
        s.projects().forEach((name, p) -> projects.addObject().put("name", name).put("_last-serial", p.serial()));
        return MAPPER.writeValueAsBytes(root);
    }

    private String rootHtml(OracleState s) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html>\n  <body>\n");
        s.projects().keySet().forEach(name -> h.append("    <a href=\"/simple/").append(name).append("/\">").append(name).append("</a>\n"));
        return h.append("  </body>\n</html>\n<!--SERIAL ").append(w).append("-->\n").toString();
    }

    private byte[] projectJson(String name, OracleProject p) {
        ObjectNode page = MAPPER.createObjectNode();
        page.putObject("meta").put("api-version", "1.4").put("_last-serial", p.serial());
        page.put("name", name);
        page.putObject("project-status").put("status", p.status());
        Set<String> versions = new LinkedHashSet<>();
        p.files().forEach(f -> versions.add(f.version()));
        ArrayNode v = page.putArray("versions");
        versions.forEach(v::add);
        ArrayNode files = page.putArray("files");
        for (OracleFile f : p.files()) {
            ObjectNode o = files.addObject();
            o.put("filename", f.filename());
            o.put("url", fileOrigin + f.url());
            o.putObject("hashes").put("sha256", f.sha256());
            o.put("requires-python", f.requiresPython());
            o.put("size", f.size());
            o.put("upload-time", f.uploadTime());
            Object y = f.yankedValue();
            if (y instanceof Boolean b) {
                o.put("yanked", b);
            } else {
                o.put("yanked", (String) y);
            }
            if (f.coreMetadataSha256() == null) {
                o.put("core-metadata", false);
            } else {
                o.putObject("core-metadata").put("sha256", f.coreMetadataSha256());
            }
        }
        jsonPage.accept(name, page);
        return MAPPER.writeValueAsBytes(page);
    }

    private byte[] projectHtml(String name, OracleProject p) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html>\n  <head>\n");
        h.append("    <meta name=\"pypi:project-status\" content=\"").append(p.status()).append("\">\n  </head>\n  <body>\n");
        for (OracleFile f : p.files()) {
            h.append("    <a href=\"").append(fileOrigin).append(f.url()).append("#sha256=").append(f.sha256()).append('"');
            if (f.requiresPython() != null) {
                h.append(" data-requires-python=\"").append(escape(f.requiresPython())).append('"');
            }
            if (f.yanked()) {
                h.append(" data-yanked=\"").append(escape(f.yankedReason() == null ? "" : f.yankedReason())).append('"');
            }
            if (f.coreMetadataSha256() != null) {
                h.append(" data-core-metadata=\"sha256=").append(f.coreMetadataSha256())
                        .append("\" data-dist-info-metadata=\"sha256=").append(f.coreMetadataSha256()).append('"');
            }
            h.append('>').append(escape(f.filename())).append("</a><br />\n");
        }
        h.append("  </body>\n</html>\n<!--SERIAL ").append(p.serial()).append("-->");
        return htmlPage.apply(name, h.toString()).getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** A copy of {@code s} with one file replaced. */
    static OracleState withFile(OracleState s, String filename, UnaryOperator<OracleFile> change) {
        Map<String, OracleProject> projects = new HashMap<>();
        s.projects().forEach((name, p) -> projects.put(name, new OracleProject(p.serial(), p.status(),
                p.files().stream().map(f -> f.filename().equals(filename) ? change.apply(f) : f).toList())));
        return new OracleState(s.serial(), projects);
    }

    /** A copy of {@code s} with {@code project} set to {@code p}, or removed when {@code p} is null. */
    static OracleState withProject(OracleState s, String project, OracleProject p) {
        Map<String, OracleProject> projects = new HashMap<>(s.projects());
        if (p == null) {
            projects.remove(project);
        } else {
            projects.put(project, p);
        }
        return new OracleState(s.serial(), projects);
    }

    static Set<String> names(OracleState s) {
        return new HashSet<>(s.projects().keySet());
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
