package dev.landfall.testsupport.consistency;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crawls an index server once — root, every project in PEP 691 JSON and PEP 503 HTML, and the bytes of every
 * file the pages list — and compares all of it with the simulator's oracle at the snapshot serial W the server
 * advertised ({@code X-Landfall-Snapshot}). Every request of one crawl carries the run cookie
 * ({@code landfall-snapshot=W}), so the crawl stays on one snapshot like a pip run does.
 *
 * <p>Checked:
 * <ul>
 * <li>root: JSON {@code meta._last-serial} = W; JSON and HTML list the oracle's project set, once each; every
 *     HTML link is the mirror's normalized project URL (under the crawled prefix); each project's
 *     {@code _last-serial} is the oracle's project serial;</li>
 * <li>each page, both representations: {@code X-Landfall-Snapshot} = W, {@code X-PyPI-Last-Serial}, body serial
 *     ({@code meta._last-serial}, {@code <!--SERIAL n-->}), JSON {@code name}, {@code project-status},
 *     {@code versions}, no {@code dist-info-metadata} key in JSON, and per file (no filename twice): the link
 *     points at the mirror's {@code /packages/...} URL (not upstream), sha256, size and {@code upload-time}
 *     (JSON), yanked and reason, requires-python, core-metadata hash (and {@code data-dist-info-metadata});</li>
 * <li>bytes: every listed file (or a seeded sample, {@link #withFileSample}) downloads completely with the
 *     oracle's size and sha256, and its {@code .metadata} file with the oracle's core-metadata sha256;</li>
 * <li>absence: projects this checker has seen in any oracle (and upstream's newest) that do not exist at W,
 *     and a name that never exists, answer 404.</li>
 * </ul>
 * A page or file that answers 5xx is reported as "... answered 5xx"; a failure before any answer as
 * "crawl error: ..." (callers that tolerate outages may treat those two as availability, nothing else). A 200
 * whose body breaks off is content, not an outage: "... answered 200 with a truncated body" for a page,
 * "truncated: ..." for a file.
 *
 * <pre>
 * ConsistencyChecker.Report r = new ConsistencyChecker(indexUrl, simulatorUrl).crawl();
 * assertThat(r.violations()).isEmpty();
 * </pre>
 */
public final class ConsistencyChecker {

    /**
     * One crawl's outcome; {@code snapshot} is -1 when the server served no snapshot.
     *
     * @param files           distinct files the crawl's pages list
     * @param filesDownloaded of those, how many were downloaded and compared byte for byte
     * @param sample          which files were downloaded: {@code "all"} or {@code "sample of n, seed s"}
     */
    public record Report(long snapshot, int projects, int files, int filesDownloaded, String sample, List<String> violations) {
        public boolean consistent() {
            return violations.isEmpty();
        }
    }

    /** A project name that the simulator never creates: it must answer 404 in every snapshot. */
    static final String NEVER_EXISTS = "landfall-consistency-probe-never-exists";
    /** At most this many absent projects are probed per crawl. */
    private static final int ABSENT_PROBES = 50;
    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    private static final Pattern SERIAL_COMMENT = Pattern.compile("<!--SERIAL (\\d+)-->");
    private static final Pattern NORMALIZE = Pattern.compile("[-_.]+");

    private final String indexUrl;
    private final String simulatorUrl;
    private final int parallelism;
    private final FileSample sample;
    /** When crawling a team view: the oracle at W is filtered by it before every comparison. */
    private final @Nullable ViewFilter view;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicLong crawls = new AtomicLong();
    /** A restricted view's mirrored set (normalized names), or null: every upstream project is mirrored. */
    private final @Nullable Set<String> mirrored;
    /** Every project name any oracle this checker fetched listed: those absent at a W must 404 there. */
    private final Set<String> seenProjects = ConcurrentHashMap.newKeySet();

    public ConsistencyChecker(String indexUrl, String simulatorUrl) {
        this(indexUrl, simulatorUrl, 8);
    }

    public ConsistencyChecker(String indexUrl, String simulatorUrl, int parallelism) {
        this(stripSlash(indexUrl), stripSlash(simulatorUrl), parallelism, FileSample.ALL, null);
    }

    private ConsistencyChecker(String indexUrl, String simulatorUrl, int parallelism, FileSample sample, @Nullable ViewFilter view) {
        this(indexUrl, simulatorUrl, parallelism, sample, view, null);
    }

    private ConsistencyChecker(String indexUrl, String simulatorUrl, int parallelism, FileSample sample, @Nullable ViewFilter view,
                               @Nullable Set<String> mirrored) {
        this.mirrored = mirrored == null ? null : Set.copyOf(mirrored);
        this.indexUrl = indexUrl;
        this.simulatorUrl = simulatorUrl;
        this.parallelism = parallelism;
        this.sample = sample;
        this.view = view;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * A checker that downloads only {@code size} files per crawl (with their {@code .metadata}), chosen by
     * {@code seed + k} in its k-th crawl, for loops where downloading every file would be too slow. Prints the
     * seed; each report names the seed its sample used, which reproduces it on the same snapshot.
     */
    public ConsistencyChecker withFileSample(int size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("sample size must be >= 0: " + size);
        }
        System.out.printf("ConsistencyChecker %s: each crawl downloads a sample of %d files, crawl k with seed %d + k%n",
                indexUrl, size, seed);
        return new ConsistencyChecker(indexUrl, simulatorUrl, parallelism, new FileSample(size, seed), view, mirrored);
    }

    /**
     * A checker for a team view: crawl it with the view's prefix ({@code crawl("/t/<view>")} or
     * {@code crawl("/t/<view>/snapshots/<W>")}); every comparison is then against the oracle at W filtered by
     * {@code filter}, projects the view omits must answer 404, and the root must report W's time
     * ({@code X-Landfall-View-Time}) as {@link ViewFilter#timeOfW()} gives it.
     */
    public ConsistencyChecker withView(ViewFilter filter) {
        return new ConsistencyChecker(indexUrl, simulatorUrl, parallelism, sample, filter, mirrored);
    }

    /**
     * A checker for a mirror that mirrors only {@code projects} (an allowlist, or an on-demand mirror's admitted
     * projects): each snapshot must be upstream at W restricted to that set. The root may list fewer of them (a
     * project admitted after W is not in W), never one outside it or absent upstream at W; every project it lists is
     * compared in full. The only absence probe is the never-existing name: any other name may legitimately be
     * demanded from an on-demand mirror and answered from a later snapshot.
     */
    public ConsistencyChecker restrictedTo(Set<String> projects) {
        return new ConsistencyChecker(indexUrl, simulatorUrl, parallelism, sample, view, projects);
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
        long crawlSeed = sample.seed() + crawls.getAndIncrement();
        String base = indexUrl + (pathPrefix == null ? "" : stripSlash(pathPrefix));
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        HttpResponse<String> rootJson;
        try {
            rootJson = get(base + "/simple/", JSON, null);
        } catch (TruncatedPage e) {
            return new Report(-1, 0, 0, 0, "none", List.of(e.getMessage()));
        }
        if (rootJson.statusCode() != 200) {
            return new Report(-1, 0, 0, 0, "none", List.of("root index answered " + rootJson.statusCode()));
        }
        String wHeader = rootJson.headers().firstValue("X-Landfall-Snapshot").orElse(null);
        if (wHeader == null) {
            return new Report(-1, 0, 0, 0, "none", List.of("root index has no X-Landfall-Snapshot header"));
        }
        long w = Long.parseLong(wHeader);
        String cookie = "landfall-snapshot=" + w;

        Map<String, Long> rootProjects = checkRoot(base, w, cookie, rootJson, violations);
        OracleSnapshot oracle = oracle(w);
        if (view != null) {
            seenProjects.addAll(oracle.projects().keySet());   // the view's omitted projects must 404 too
            oracle = view.apply(oracle);
            String time = rootJson.headers().firstValue("X-Landfall-View-Time").orElse("");
            java.time.Instant expected = view.timeOfW().apply(w);
            if (time.isEmpty() || !java.time.Instant.parse(time).equals(expected)) {
                violations.add("W=" + w + ": X-Landfall-View-Time '" + time + "' != W's time " + expected);
            }
        }
        if (mirrored != null) {
            Set<String> outside = new TreeSet<>(rootProjects.keySet());
            outside.removeAll(mirrored);
            if (!outside.isEmpty()) {
                violations.add("W=" + w + ": root lists projects outside the mirrored set: " + outside);
            }
            Set<String> notUpstream = new TreeSet<>(rootProjects.keySet());
            notUpstream.removeAll(oracle.projects().keySet());
            if (!notUpstream.isEmpty()) {
                violations.add("W=" + w + ": root lists projects that do not exist upstream at W: " + notUpstream);
            }
        } else if (!oracle.projects().keySet().equals(rootProjects.keySet())) {
            violations.add("W=" + w + ": project set differs from the oracle: " + Diff.of(rootProjects.keySet(), oracle.projects().keySet()));
        }
        Set<String> absent = absentProjects(oracle);

        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        Map<String, Listed> listed = new ConcurrentHashMap<>();
        int downloaded;
        try {
            List<Callable<Void>> pages = new ArrayList<>();
            for (Map.Entry<String, Long> p : rootProjects.entrySet()) {
                OracleSnapshot.Project exp = oracle.projects().get(p.getKey());
                if (exp != null) {
                    pages.add(() -> {
                        checkProject(base, cookie, w, p.getKey(), p.getValue(), exp, listed, violations);
                        return null;
                    });
                }
            }
            for (String project : absent) {
                pages.add(() -> {
                    checkAbsent(base, cookie, w, project, violations);
                    return null;
                });
            }
            runAll(pool, pages, violations);

            List<String> chosen = sample.choose(listed.keySet(), crawlSeed);
            String seedNote = sample.all() ? "" : " (sample seed " + crawlSeed + ")";
            FileDownload download = new FileDownload(http, cookie);
            List<Callable<Void>> files = new ArrayList<>();
            for (String filename : chosen) {
                Listed l = listed.get(filename);
                for (URI url : l.urls()) {
                    files.add(() -> {
                        violations.addAll(download.verify("W=" + w + " file " + filename + seedNote, url, l.expected()));
                        return null;
                    });
                }
            }
            runAll(pool, files, violations);
            downloaded = chosen.size();
        } finally {
            pool.shutdownNow();
        }
        List<String> sorted = new ArrayList<>(violations);
        Collections.sort(sorted);
        String sampleText = sample.all() ? "all" : "sample of " + sample.size() + ", seed " + crawlSeed;
        return new Report(w, rootProjects.size(), listed.size(), downloaded, sampleText, List.copyOf(sorted));
    }

    /** The files the pages list, by filename: where the mirror serves each (one URL unless the pages disagree). */
    private record Listed(OracleSnapshot.File expected, Set<URI> urls) {
    }

    /** Root JSON and HTML; returns the root JSON's projects with their {@code _last-serial}. */
    private Map<String, Long> checkRoot(String base, long w, String cookie, HttpResponse<String> rootJson, List<String> violations)
            throws IOException, InterruptedException {
        JsonNode root = json.readTree(rootJson.body());
        if (root.path("meta").path("_last-serial").asLong(-1) != w) {
            violations.add("root JSON meta._last-serial " + root.path("meta").path("_last-serial") + " != W " + w);
        }
        Map<String, Long> projects = new TreeMap<>();
        Set<String> duplicates = new TreeSet<>();
        for (JsonNode p : root.path("projects")) {
            if (projects.put(p.path("name").asString(), p.path("_last-serial").asLong(-1)) != null) {
                duplicates.add(p.path("name").asString());
            }
        }
        if (!duplicates.isEmpty()) {
            violations.add("root JSON lists projects more than once: " + duplicates);
        }

        HttpResponse<String> rootHtml = get(base + "/simple/", "text/html", cookie);
        if (rootHtml.statusCode() != 200) {
            violations.add("root HTML answered " + rootHtml.statusCode());
            return projects;
        }
        checkSnapshotHeader(rootHtml, w, "root HTML", violations);
        Matcher serial = SERIAL_COMMENT.matcher(rootHtml.body());
        if (serial.find() && Long.parseLong(serial.group(1)) != w) {
            violations.add("root HTML SERIAL comment " + serial.group(1) + " != W " + w);
        }
        URI rootUrl = URI.create(base + "/simple/");
        Set<String> htmlProjects = new TreeSet<>();
        Matcher m = ServedPage.ANCHOR.matcher(rootHtml.body());
        while (m.find()) {
            String name = normalize(ServedPage.unescape(m.group(2).trim()));
            if (!htmlProjects.add(name)) {
                violations.add("root HTML lists " + name + " more than once");
            }
            String href = ServedPage.attributes(m.group(1)).getOrDefault("href", "");
            URI expected = URI.create(base + "/simple/" + name + "/");
            URI actual = PageComparison.resolve(rootUrl, href);
            if (actual == null || !PageComparison.sameOrigin(actual, expected) || !expected.getRawPath().equals(actual.getRawPath())) {
                violations.add("root HTML link of " + name + " is '" + href + "', not the mirror's project URL " + expected);
            }
        }
        if (!htmlProjects.equals(projects.keySet())) {
            violations.add("root HTML and JSON list different projects: " + Diff.of(htmlProjects, projects.keySet()));
        }
        return projects;
    }

    private void checkProject(String base, String cookie, long w, String project, long rootSerial, OracleSnapshot.Project exp,
                              Map<String, Listed> listed, List<String> violations) throws IOException, InterruptedException {
        String at = "W=" + w + " " + project + ": ";
        if (rootSerial != exp.serial()) {
            violations.add(at + "root _last-serial " + rootSerial + " != oracle serial " + exp.serial());
        }
        URI pageUrl = URI.create(base + "/simple/" + project + "/");
        for (String accept : List.of(JSON, "text/html")) {
            String representation = accept.equals(JSON) ? "JSON" : "HTML";
            HttpResponse<String> page = get(pageUrl.toString(), accept, cookie);
            if (page.statusCode() != 200) {
                violations.add(at + representation + " page answered " + page.statusCode());
                continue;
            }
            checkSnapshotHeader(page, w, at + representation, violations);
            checkSerialHeader(page, exp.serial(), at + representation, violations);
            ServedPage served = accept.equals(JSON) ? ServedPage.json(json.readTree(page.body()), page.body()) : ServedPage.html(page.body());
            violations.addAll(PageComparison.compare(at + representation, project, exp, served, pageUrl, URI.create(indexUrl)));
            recordListed(served, exp, pageUrl, listed);
        }
    }

    /**
     * Remembers where each file the oracle knows is served: the page's own link when it points at the mirror,
     * else (a link elsewhere is already a violation) the mirror's URL for it, so the mirror's bytes are still read.
     */
    private void recordListed(ServedPage served, OracleSnapshot.Project exp, URI pageUrl, Map<String, Listed> listed) {
        Map<String, OracleSnapshot.File> byName = new LinkedHashMap<>();
        exp.files().forEach(f -> byName.put(f.filename(), f));
        URI mirror = URI.create(indexUrl);
        for (ServedPage.File f : served.files()) {
            OracleSnapshot.File x = byName.get(f.filename());
            if (x == null) {
                continue;
            }
            URI url = PageComparison.resolve(pageUrl, f.href());
            if (url == null || !PageComparison.sameOrigin(url, mirror)) {
                url = PageComparison.fileUrl(mirror, x.url());
            }
            listed.computeIfAbsent(f.filename(), k -> new Listed(x, ConcurrentHashMap.newKeySet())).urls().add(url);
        }
    }

    private void checkAbsent(String base, String cookie, long w, String project, List<String> violations)
            throws IOException, InterruptedException {
        for (String accept : List.of(JSON, "text/html")) {
            HttpResponse<String> r = get(base + "/simple/" + project + "/", accept, cookie);
            if (r.statusCode() != 404) {
                violations.add("W=" + w + " " + project + ": not in the snapshot, should answer 404, "
                        + (accept.equals(JSON) ? "JSON" : "HTML") + " page answered " + r.statusCode());
            }
        }
    }

    /** Projects that do not exist at W: seen in an earlier oracle, existing upstream now, or never existing. */
    private Set<String> absentProjects(OracleSnapshot atW) throws IOException, InterruptedException {
        HttpResponse<String> newest = get(simulatorUrl + "/_sim/oracle", "application/json", null);
        if (newest.statusCode() == 200) {
            json.readTree(newest.body()).path("projects").properties().forEach(e -> seenProjects.add(e.getKey()));
        }
        seenProjects.addAll(atW.projects().keySet());
        Set<String> absent = new TreeSet<>();
        absent.add(NEVER_EXISTS);
        if (mirrored != null) {
            return absent; // a restricted view: any other name may be demanded (see restrictedTo)
        }
        for (String p : new TreeSet<>(seenProjects)) {
            if (absent.size() >= ABSENT_PROBES) {
                break;
            }
            if (!atW.projects().containsKey(p)) {
                absent.add(p);
            }
        }
        return absent;
    }

    private OracleSnapshot oracle(long w) throws IOException, InterruptedException {
        HttpResponse<String> r = get(simulatorUrl + "/_sim/oracle?serial=" + w, "application/json", null);
        if (r.statusCode() != 200) {
            throw new IOException("the simulator's oracle answered " + r.statusCode() + " for serial " + w + ": " + r.body());
        }
        return OracleSnapshot.parse(json.readTree(r.body()));
    }

    /** Runs every task; a task that throws becomes a "crawl error" violation, the others still run. */
    private static void runAll(ExecutorService pool, List<Callable<Void>> tasks, List<String> violations) throws InterruptedException {
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> t : tasks) {
            futures.add(pool.submit(t));
        }
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                violations.add(e.getCause() instanceof TruncatedPage t ? t.getMessage() : "crawl error: " + e.getCause());
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
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            // An answer whose body breaks off: for a 200 that is wrong content (a client would read a cut page),
            // not an outage; anything else is the outage its status already says.
            if (r.statusCode() == 200) {
                throw new TruncatedPage(URI.create(url).getRawPath() + " answered 200 with a truncated body ("
                        + r.headers().firstValue("Content-Length").map(n -> "Content-Length " + n).orElse("chunked") + "): " + e);
            }
            throw e;
        }
        return new TextResponse(r, new String(body, StandardCharsets.UTF_8));
    }

    /** A 200 whose body broke off; reported as a violation, never as availability. */
    static final class TruncatedPage extends IOException {
        TruncatedPage(String message) {
            super(message);
        }
    }

    /** PEP 503 normalization. */
    static String normalize(String name) {
        return NORMALIZE.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
