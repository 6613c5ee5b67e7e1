package dev.landfall.testsupport.consistency;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crawls an index server once — root and every project, PEP 691 JSON and PEP 503 HTML — and
 * compares what it served with the simulator's oracle at the snapshot serial W the server
 * advertised ({@code X-Landfall-Snapshot}). Every request of one crawl carries the run cookie
 * ({@code landfall-snapshot=W}), so the crawl stays on one snapshot like a pip run does.
 *
 * <p>Checked per project: presence (same project set), {@code X-PyPI-Last-Serial} and the root's
 * {@code _last-serial} equal the oracle's project serial, and per file (by filename, both
 * representations): URL path, sha256, size, yanked (and reason), requires-python and
 * core-metadata presence/hash.
 *
 * <pre>
 * ConsistencyChecker.Report r = new ConsistencyChecker(indexUrl, simulatorUrl).crawl();
 * assertThat(r.violations()).isEmpty();
 * </pre>
 */
public final class ConsistencyChecker {

    /** One crawl's outcome; {@code snapshot} is -1 when the server served no snapshot. */
    public record Report(long snapshot, int projects, List<String> violations) {
        public boolean consistent() {
            return violations.isEmpty();
        }
    }

    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    private static final Pattern ANCHOR = Pattern.compile("<a\\s+([^>]*)>([^<]*)</a>");
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z-]+)(?:=\"([^\"]*)\")?");

    private final String indexUrl;
    private final String simulatorUrl;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final int parallelism;

    public ConsistencyChecker(String indexUrl, String simulatorUrl) {
        this(indexUrl, simulatorUrl, 8);
    }

    public ConsistencyChecker(String indexUrl, String simulatorUrl, int parallelism) {
        this.indexUrl = stripSlash(indexUrl);
        this.simulatorUrl = stripSlash(simulatorUrl);
        this.parallelism = parallelism;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Crawls the server's current snapshot. */
    public Report crawl() throws IOException, InterruptedException {
        return crawl(null);
    }

    /**
     * Crawls {@code pathPrefix + /simple/…}; with a prefix such as {@code /snapshots/123} the pinned
     * snapshot is crawled instead of the current one.
     */
    public Report crawl(@Nullable String pathPrefix) throws IOException, InterruptedException {
        String base = indexUrl + (pathPrefix == null ? "" : pathPrefix);
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        HttpResponse<String> rootJson = get(base + "/simple/", JSON, null);
        if (rootJson.statusCode() != 200) {
            return new Report(-1, 0, List.of("root index answered " + rootJson.statusCode()));
        }
        String wHeader = rootJson.headers().firstValue("X-Landfall-Snapshot").orElse(null);
        if (wHeader == null) {
            return new Report(-1, 0, List.of("root index has no X-Landfall-Snapshot header"));
        }
        long w = Long.parseLong(wHeader);
        String cookie = "landfall-snapshot=" + w;

        Map<String, Long> rootProjects = new TreeMap<>();
        JsonNode root = json.readTree(rootJson.body());
        if (root.path("meta").path("_last-serial").asLong(-1) != w) {
            violations.add("root JSON meta._last-serial " + root.path("meta").path("_last-serial") + " != W " + w);
        }
        for (JsonNode p : root.path("projects")) {
            rootProjects.put(p.path("name").asString(), p.path("_last-serial").asLong(-1));
        }
        HttpResponse<String> rootHtml = get(base + "/simple/", "text/html", cookie);
        checkSnapshotHeader(rootHtml, w, "root HTML", violations);
        Set<String> htmlProjects = new TreeSet<>();
        Matcher m = ANCHOR.matcher(rootHtml.body());
        while (m.find()) {
            htmlProjects.add(m.group(2).trim());
        }
        if (!htmlProjects.equals(rootProjects.keySet())) {
            violations.add("root HTML and JSON list different projects: " + diff(htmlProjects, rootProjects.keySet()));
        }

        JsonNode oracle = json.readTree(get(simulatorUrl + "/_sim/oracle?serial=" + w, "application/json", null).body());
        Map<String, JsonNode> expected = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : oracle.path("projects").properties()) {
            expected.put(e.getKey(), e.getValue());
        }
        if (!expected.keySet().equals(rootProjects.keySet())) {
            violations.add("W=" + w + ": project set differs from the oracle: " + diff(rootProjects.keySet(), expected.keySet()));
        }

        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String project : rootProjects.keySet()) {
                JsonNode exp = expected.get(project);
                if (exp == null) {
                    continue;
                }
                long rootSerial = rootProjects.get(project);
                futures.add(pool.submit(() -> {
                    checkProject(base, cookie, w, project, rootSerial, exp, violations);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    violations.add("crawl error: " + e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> sorted = new ArrayList<>(violations);
        Collections.sort(sorted);
        return new Report(w, rootProjects.size(), List.copyOf(sorted));
    }

    private void checkProject(String base, String cookie, long w, String project, long rootSerial, JsonNode exp,
                              List<String> violations) throws IOException, InterruptedException {
        long expSerial = exp.path("serial").asLong();
        String at = "W=" + w + " " + project + ": ";
        if (rootSerial != expSerial) {
            violations.add(at + "root _last-serial " + rootSerial + " != oracle serial " + expSerial);
        }
        Map<String, FileFacts> expected = new TreeMap<>();
        for (JsonNode f : exp.path("files")) {
            JsonNode y = f.path("yanked");
            expected.put(f.path("filename").asString(), new FileFacts(f.path("url").asString(), f.path("sha256").asString(),
                    f.path("size").asLong(), y.isBoolean() ? y.asBoolean() : true, y.isString() ? y.asString() : null,
                    textOrNull(f.path("requires-python")), textOrNull(f.path("core-metadata-sha256"))));
        }

        HttpResponse<String> page = get(base + "/simple/" + project + "/", JSON, cookie);
        if (page.statusCode() != 200) {
            violations.add(at + "JSON page answered " + page.statusCode());
        } else {
            checkSnapshotHeader(page, w, at + "JSON", violations);
            checkSerialHeader(page, expSerial, at + "JSON", violations);
            JsonNode p = json.readTree(page.body());
            if (p.has("dist-info-metadata") || page.body().contains("\"dist-info-metadata\"")) {
                violations.add(at + "JSON page carries dist-info-metadata");
            }
            Map<String, FileFacts> actual = new TreeMap<>();
            for (JsonNode f : p.path("files")) {
                JsonNode y = f.path("yanked");
                JsonNode cm = f.path("core-metadata");
                actual.put(f.path("filename").asString(), new FileFacts(pathOf(f.path("url").asString()),
                        f.path("hashes").path("sha256").asString(), f.path("size").asLong(-1),
                        y.isBoolean() ? y.asBoolean() : !y.isMissingNode() && !y.isNull(), y.isString() ? y.asString() : null,
                        textOrNull(f.path("requires-python")), cm.isObject() ? textOrNull(cm.path("sha256")) : null));
            }
            compare(at + "JSON", expected, actual, violations);
        }

        HttpResponse<String> html = get(base + "/simple/" + project + "/", "text/html", cookie);
        if (html.statusCode() != 200) {
            violations.add(at + "HTML page answered " + html.statusCode());
            return;
        }
        checkSnapshotHeader(html, w, at + "HTML", violations);
        checkSerialHeader(html, expSerial, at + "HTML", violations);
        Map<String, FileFacts> actual = new TreeMap<>();
        Matcher m = ANCHOR.matcher(html.body());
        while (m.find()) {
            Map<String, String> attrs = new HashMap<>();
            Matcher a = ATTR.matcher(m.group(1));
            while (a.find()) {
                attrs.put(a.group(1), a.group(2) == null ? "" : unescape(a.group(2)));
            }
            String href = attrs.getOrDefault("href", "");
            int hash = href.indexOf("#sha256=");
            String sha = hash < 0 ? "" : href.substring(hash + 8);
            String url = hash < 0 ? href : href.substring(0, hash);
            String yanked = attrs.get("data-yanked");
            String core = attrs.get("data-core-metadata");
            actual.put(unescape(m.group(2).trim()), new FileFacts(pathOf(url), sha, -1, yanked != null,
                    yanked == null || yanked.isEmpty() ? null : yanked, attrs.get("data-requires-python"),
                    core == null ? null : core.startsWith("sha256=") ? core.substring(7) : core));
        }
        compare(at + "HTML", expected, actual, violations);
    }

    /** Facts compared per file; size -1 = not carried by the representation (HTML). */
    private record FileFacts(String url, String sha256, long size, boolean yanked, @Nullable String yankedReason,
                             @Nullable String requiresPython, @Nullable String coreMetadataSha256) {
    }

    private static void compare(String at, Map<String, FileFacts> expected, Map<String, FileFacts> actual, List<String> violations) {
        if (!expected.keySet().equals(actual.keySet())) {
            violations.add(at + " file set differs: " + diff(actual.keySet(), expected.keySet()));
        }
        for (Map.Entry<String, FileFacts> e : expected.entrySet()) {
            FileFacts a = actual.get(e.getKey());
            if (a == null) {
                continue;
            }
            FileFacts x = e.getValue();
            String f = at + " " + e.getKey() + ": ";
            if (!x.url().equals(a.url())) violations.add(f + "url " + a.url() + " != " + x.url());
            if (!x.sha256().equals(a.sha256())) violations.add(f + "sha256 " + a.sha256() + " != " + x.sha256());
            if (a.size() >= 0 && x.size() != a.size()) violations.add(f + "size " + a.size() + " != " + x.size());
            if (x.yanked() != a.yanked() || !Objects.equals(emptyToNull(x.yankedReason()), emptyToNull(a.yankedReason()))) {
                violations.add(f + "yanked " + a.yanked() + "/" + a.yankedReason() + " != " + x.yanked() + "/" + x.yankedReason());
            }
            if (!Objects.equals(x.requiresPython(), a.requiresPython())) {
                violations.add(f + "requires-python " + a.requiresPython() + " != " + x.requiresPython());
            }
            if (!Objects.equals(x.coreMetadataSha256(), a.coreMetadataSha256())) {
                violations.add(f + "core-metadata " + a.coreMetadataSha256() + " != " + x.coreMetadataSha256());
            }
        }
    }

    private static void checkSnapshotHeader(HttpResponse<?> r, long w, String at, List<String> violations) {
        String h = r.headers().firstValue("X-Landfall-Snapshot").orElse("");
        if (!h.equals(Long.toString(w))) {
            violations.add(at + " served from snapshot '" + h + "' within a crawl pinned to " + w);
        }
    }

    private static void checkSerialHeader(HttpResponse<?> r, long expected, String at, List<String> violations) {
        String h = r.headers().firstValue("X-PyPI-Last-Serial").orElse("");
        if (!h.equals(Long.toString(expected))) {
            violations.add(at + " X-PyPI-Last-Serial '" + h + "' != oracle serial " + expected);
        }
    }

    private HttpResponse<String> get(String url, String accept, @Nullable String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", accept);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static @Nullable String textOrNull(JsonNode n) {
        return n.isMissingNode() || n.isNull() || !n.isString() ? null : n.asString();
    }

    private static @Nullable String emptyToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The root-relative path of a (possibly absolute or relative) file URL. */
    private static String pathOf(String url) {
        int p = url.indexOf("/packages/");
        return p < 0 ? url : url.substring(p);
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static String diff(Set<String> actual, Set<String> expected) {
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        return "extra " + limit(extra) + ", missing " + limit(missing);
    }

    private static String limit(Set<String> s) {
        return s.size() <= 10 ? s.toString() : new ArrayList<>(s).subList(0, 10) + "… (" + s.size() + ")";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
