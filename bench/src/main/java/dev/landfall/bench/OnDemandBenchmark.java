package dev.landfall.bench;

import dev.landfall.simulator.Faults;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.PypiSimulator;
import dev.landfall.testsupport.Pip;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Landfall in on-demand mode against devpi-server (the on-demand peer), side by side in one run on one simulator
 * world (bench/README.md "On-demand benchmark"):
 * <ol>
 * <li>{@code pip install} of a project whose dependency tree has about {@code --tree} projects: straight from the
 *     simulator, through each empty mirror (first install), and again (second install);</li>
 * <li>while the simulator churns with stale CDN pages, repeated crawls of the tree's pages on both mirrors: a crawl
 *     is consistent when its file lists equal upstream at one serial (any serial since the benchmark started).</li>
 * </ol>
 * devpi caches each project's page on its own timer ({@code --devpi-expiry}, seconds; devpi's default is 1800, which
 * freezes the pages for the whole run); Landfall serves one snapshot per crawl. The simulator churns throughout
 * (an on-demand admission lands with upstream's next serial: docs/decisions/010-on-demand-admission.md).
 */
public final class OnDemandBenchmark {

    private static final Pattern HREF = Pattern.compile("href=\"([^\"#]+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = SyncBenchmark.Args.parse(args);
        new OnDemandBenchmark().run(Integer.parseInt(a.getOrDefault("projects", "500")), Long.parseLong(a.getOrDefault("seed", "7")),
                Integer.parseInt(a.getOrDefault("tree", "10")), Double.parseDouble(a.getOrDefault("churn", "3")),
                Integer.parseInt(a.getOrDefault("crawl-seconds", "90")), Integer.parseInt(a.getOrDefault("devpi-expiry", "30")),
                Path.of(a.getOrDefault("devpi-venv", System.getProperty("user.home") + "/.cache/landfall/bench-devpi")),
                SyncBenchmark.Args.serviceProperties(a));
    }

    private void run(int projects, long seed, int treeSize, double churn, int crawlSeconds, int devpiExpiry, Path devpiVenv,
                     Map<String, String> extra) throws Exception {
        Map<String, String> props = new LinkedHashMap<>(extra);
        props.putIfAbsent("landfall.mirror.mode", "on-demand");
        Path devpiDir = Files.createTempDirectory("landfall-bench-devpi-");
        try (MirrorRig rig = new MirrorRig(new MirrorRig.Options(projects, seed, 1, false, 0, props))) {
            PypiSimulator sim = rig.simulator();
            String upstream = sim.baseUrl();
            String landfall = "http://127.0.0.1:" + rig.indexPort();
            rig.startPoller();
            awaitOk(landfall + "/simple/", Duration.ofMinutes(3));
            sim.setChurnPerSecond(churn);
            List<String> tree = pickTree(upstream, treeSize);
            String root = tree.get(0);
            System.out.printf("world: %d projects, seed %d; churn %.1f/s; tree of %s: %d projects %s%n", projects, seed, churn, root,
                    tree.size(), tree);
            try (Devpi devpi = Devpi.start(devpiVenv, devpiDir, upstream, devpiExpiry)) {
                Pip pip = new Pip();
                long direct1 = install(pip, upstream + "/simple/", root, "upstream-direct");
                long lfFirst = install(pip, landfall + "/simple/", root, "landfall first");
                long lfSecond = install(pip, landfall + "/simple/", root, "landfall second");
                long dvFirst = install(pip, devpi.simpleUrl(), root, "devpi first");
                long dvSecond = install(pip, devpi.simpleUrl(), root, "devpi second");
                long direct2 = install(pip, upstream + "/simple/", root, "upstream-direct");
                double direct = (direct1 + direct2) / 2.0;

                // Consistency under churn with coupled releases and stale CDN pages.
                long fromSerial = sim.lastSerial();
                sim.setFaults(Faults.builder().staleProbability(0.3).staleWindow(Duration.ofSeconds(5)).build());
                sim.setChurnPerSecond(Math.max(churn, 5));
                List<Crawl> lf = new ArrayList<>();
                List<Crawl> dv = new ArrayList<>();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(crawlSeconds);
                while (System.nanoTime() < end) {
                    lf.add(crawl(landfall + "/simple/", tree, true));
                    dv.add(crawl(devpi.simpleUrl(), tree, false));
                    Thread.sleep(1000);
                }
                sim.setChurnPerSecond(0);
                sim.setFaults(Faults.none());
                long toSerial = sim.lastSerial();
                Judge judge = new Judge(sim, tree, fromSerial, toSerial);
                long lfBad = lf.stream().filter(c -> !judge.matchesOneSerial(c)).count();
                long dvBad = dv.stream().filter(c -> !judge.matchesOneSerial(c)).count();

                System.out.println();
                System.out.printf("On-demand benchmark, %s, pip %s%n", java.time.LocalDate.now(), pip.version().split(" from ")[0]);
                System.out.printf("| pip install %s (%d projects) | Landfall on-demand | devpi-server %s (expiry %d s) | upstream-direct |%n",
                        root, tree.size(), devpi.version(), devpiExpiry);
                System.out.println("|---|---|---|---|");
                System.out.printf("| first install, empty mirror | %.1f s (%.2f× direct) | %.1f s (%.2f× direct) | %.1f s |%n",
                        lfFirst / 1e3, lfFirst / direct, dvFirst / 1e3, dvFirst / direct, direct / 1e3);
                System.out.printf("| second install | %.1f s (%.2f× direct) | %.1f s (%.2f× direct) | %.1f s |%n",
                        lfSecond / 1e3, lfSecond / direct, dvSecond / 1e3, dvSecond / direct, direct / 1e3);
                System.out.printf("| crawls of the tree matching no single upstream serial (%d s of churn, stale CDN pages 30 %% ≤ 5 s, serials %d..%d) | %d of %d | %d of %d | — |%n",
                        crawlSeconds, fromSerial, toSerial, lfBad, lf.size(), dvBad, dv.size());
                System.out.printf("targets: first install ≤ 1.5× direct + 2 s (%.1f s): %s; no slower than devpi: %s; second ≤ direct: %s; 0 inconsistent Landfall crawls: %s%n",
                        (1.5 * direct + 2000) / 1e3, lfFirst <= 1.5 * direct + 2000 ? "met" : "NOT met", lfFirst <= dvFirst ? "met" : "NOT met",
                        lfSecond <= direct ? "met" : "NOT met (" + String.format("%.2f×", lfSecond / direct) + ")", lfBad == 0 ? "met" : "NOT met");
            }
        } finally {
            deleteTree(devpiDir);
        }
    }

    private static long install(Pip pip, String index, String requirement, String label) throws Exception {
        long t0 = System.nanoTime();
        Pip.Result r = pip.install(index, requirement);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        r.deleteTarget();
        if (r.exitCode() != 0) {
            throw new IllegalStateException(label + ": pip failed:\n" + r.output());
        }
        System.out.printf("  %-18s %6d ms, %d distributions%n", label, ms, r.installed().size());
        return ms;
    }

    /** The file names each tree project's page lists; empty map when a page did not answer 200. */
    record Crawl(Map<String, Set<String>> files) {
    }

    private Crawl crawl(String simple, List<String> tree, boolean startRun) throws Exception {
        if (startRun) {
            get(simple);   // Landfall: a root request starts a client's run, its pages then come from one snapshot
        }
        Map<String, Set<String>> files = new TreeMap<>();
        for (String p : tree) {
            HttpResponse<String> r = get(simple + p + "/");
            if (r.statusCode() != 200) {
                return new Crawl(Map.of());
            }
            Set<String> names = new TreeSet<>();
            Matcher m = HREF.matcher(r.body());
            while (m.find()) {
                String href = m.group(1);
                names.add(href.substring(href.lastIndexOf('/') + 1));
            }
            files.put(p, names);
        }
        return new Crawl(files);
    }

    /** Upstream's tree pages at every serial of the window, de-duplicated. */
    private static final class Judge {
        private final Set<Map<String, Set<String>>> states = new LinkedHashSet<>();

        Judge(PypiSimulator sim, List<String> tree, long from, long to) {
            for (long s = from; s <= to; s++) {
                OracleState o = sim.oracle(s);
                Map<String, Set<String>> state = new TreeMap<>();
                for (String p : tree) {
                    OracleState.OracleProject op = o.projects().get(p);
                    Set<String> names = new TreeSet<>();
                    if (op != null) {
                        op.files().forEach(f -> names.add(f.filename()));
                    }
                    state.put(p, names);
                }
                states.add(state);
            }
        }

        boolean matchesOneSerial(Crawl c) {
            return !c.files().isEmpty() && states.contains(c.files());
        }
    }

    /** A root project and its dependency closure (from the simulator's JSON API), the size nearest {@code size}. */
    private List<String> pickTree(String upstream, int size) throws Exception {
        Map<String, List<String>> deps = new HashMap<>();
        HttpResponse<String> rootJson = http.send(HttpRequest.newBuilder(URI.create(upstream + "/simple/"))
                .header("Accept", "application/vnd.pypi.simple.v1+json").build(), HttpResponse.BodyHandlers.ofString());
        List<String> names = new ArrayList<>();
        for (JsonNode p : JSON.readTree(rootJson.body()).path("projects")) {
            names.add(p.path("name").asString());
        }
        List<String> best = List.of();
        for (String name : names) {
            List<String> closure = closure(upstream, name, deps);
            if (Math.abs(closure.size() - size) < Math.abs(best.size() - size)) {
                best = closure;
            }
            if (best.size() == size) {
                break;
            }
        }
        return best;
    }

    private List<String> closure(String upstream, String root, Map<String, List<String>> deps) throws Exception {
        List<String> out = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        Set<String> seen = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String p = todo.poll();
            if (!seen.add(p)) {
                continue;
            }
            out.add(p);
            todo.addAll(dependencies(upstream, p, deps));
        }
        return out;
    }

    private List<String> dependencies(String upstream, String project, Map<String, List<String>> cache) throws Exception {
        List<String> cached = cache.get(project);
        if (cached != null) {
            return cached;
        }
        HttpResponse<String> r = get(upstream + "/pypi/" + project + "/json");
        List<String> out = new ArrayList<>();
        if (r.statusCode() == 200) {
            for (JsonNode d : JSON.readTree(r.body()).path("info").path("requires_dist")) {
                String name = d.asString().split("[ ;<>=!~\\[(]", 2)[0];
                out.add(name.replaceAll("[-_.]+", "-").toLowerCase(java.util.Locale.ROOT));
            }
        }
        cache.put(project, out);
        return out;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitOk(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(url).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " did not answer 200 within " + timeout);
    }

    /** devpi-server in its own process, its {@code root/pypi} mirror index pointed at the simulator. */
    private static final class Devpi implements AutoCloseable {
        private final Process server;
        private final int port;
        private final String version;

        private Devpi(Process server, int port, String version) {
            this.server = server;
            this.port = port;
            this.version = version;
        }

        static Devpi start(Path venv, Path dir, String upstream, int expiry) throws Exception {
            if (!Files.isExecutable(venv.resolve("bin/devpi-server"))) {
                exec(List.of("python3", "-m", "venv", venv.toString()), dir);
                exec(List.of(venv.resolve("bin/pip").toString(), "install", "-q", "devpi-server", "devpi-client"), dir);
            }
            Path serverDir = dir.resolve("server");
            exec(List.of(venv.resolve("bin/devpi-init").toString(), "--serverdir", serverDir.toString(), "--root-passwd", "bench"), dir);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(venv.resolve("bin/devpi-server").toString(), "--serverdir", serverDir.toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("devpi-server.log").toFile()).start();
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base + "/+api")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        p.destroyForcibly();
                        throw new IllegalStateException("devpi-server did not start; see " + dir.resolve("devpi-server.log"));
                    }
                }
                Thread.sleep(300);
            }
            String devpi = venv.resolve("bin/devpi").toString();
            String client = "--clientdir=" + dir.resolve("client");
            exec(List.of(devpi, "use", client, base), dir);
            exec(List.of(devpi, "login", client, "root", "--password", "bench"), dir);
            exec(List.of(devpi, "index", client, "root/pypi", "mirror_url=" + upstream + "/simple/",
                    "mirror_cache_expiry=" + expiry), dir);
            String version = exec(List.of(venv.resolve("bin/devpi-server").toString(), "--version"), dir).trim();
            return new Devpi(p, port, version);
        }

        String simpleUrl() {
            return "http://127.0.0.1:" + port + "/root/pypi/+simple/";
        }

        String version() {
            return version;
        }

        private static String exec(List<String> command, Path dir) throws Exception {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
