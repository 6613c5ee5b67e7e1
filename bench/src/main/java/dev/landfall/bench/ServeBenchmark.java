package dev.landfall.bench;

import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.util.Comparator;

/**
 * Serving versus Debian's nginx on the same machine: sync {@code --projects} (default 2,000) simulator
 * projects into a mirror, keep only its index server running, export the very bytes it serves (the
 * snapshot's HTML and JSON pages, a 1 MiB file) to a directory, start an own nginx on it, and run
 * {@code wrk -t2 -c64 -d10s --latency} against both: after a 20 s warm-up of each, per workload
 * nginx / Landfall / nginx, with a Lua script choosing random projects from the same list.
 * Prints req/s, p50, p99 and Landfall ÷ mean(nginx) for HTML pages, JSON pages and the file (MB/s).
 *
 * <p>Arguments: {@code --projects=2000 --duration=10s --warmup=20s --connections=64 --threads=2
 * --landfall-port=18080 --nginx-port=18081 --rounds=1}.
 */
public final class ServeBenchmark {

    static final String JSON = "application/vnd.pypi.simple.v1+json";
    static final String FILE_KEY = "packages/be/nc/h1mb/landfall-bench-1mb.tar.gz";
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TRANSFER = Pattern.compile("Transfer/sec:\\s+([0-9.]+)([KMG]?B)");
    private static final Pattern PCT = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private ServeBenchmark() {
    }

    record Result(double rps, double mbps, double p50ms, double p99ms, String errors) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = SyncBenchmark.Args.parse(args);
        int projects = Integer.parseInt(a.getOrDefault("projects", "2000"));
        String duration = a.getOrDefault("duration", "10s");
        String warmup = a.getOrDefault("warmup", "20s");
        int connections = Integer.parseInt(a.getOrDefault("connections", "64"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        int landfallPort = Integer.parseInt(a.getOrDefault("landfall-port", "18080"));
        int nginxPort = Integer.parseInt(a.getOrDefault("nginx-port", "18081"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "1"));
        Path work = Path.of(a.getOrDefault("work-dir", "/tmp/landfall-bench-serve"));
        Map<String, String> extra = SyncBenchmark.Args.serviceProperties(a);

        deleteTree(work);
        Files.createDirectories(work);
        try (MirrorRig rig = new MirrorRig(new MirrorRig.Options(projects, 7, 1, false, landfallPort, extra))) {
            MirrorRig.Timeline t = rig.sync(Duration.ofMinutes(10), null);
            rig.stopSyncSide();   // only the index server (and the idle broker/database) stay up
            System.out.printf("mirror ready: snapshot %d, %d projects, synced in %d ms%n", t.snapshot(), projects, t.servedMs());
            Path root = work.resolve("root");
            List<String> names = export(rig, t.snapshot(), root);
            Path list = work.resolve("projects.txt");
            Files.write(list, names);
            Path lua = work.resolve("random-project.lua");
            Files.writeString(lua, LUA);
            Path conf = writeNginxConf(work, root, nginxPort);
            String lf = "http://127.0.0.1:" + rig.indexPort();
            String ng = "http://127.0.0.1:" + nginxPort;
            Wrk wrk = new Wrk(threads, connections, lua, list);

            Process nginx = startNginx(work, conf, nginxPort);
            try {
                System.out.printf("warm-up: %s per server (pages), 5s (file)%n", warmup);
                wrk.pages(ng, "/simple/", "/", "", warmup);
                wrk.pages(lf, "/simple/", "/", "", warmup);
                wrk.pages(lf, "/simple/", "/", JSON, "5s");
                wrk.file(ng + "/" + FILE_KEY, "5s");
                wrk.file(lf + "/" + FILE_KEY, "5s");
                List<String[]> table = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    table.add(compare("HTML page", wrk, () -> wrk.pages(ng, "/simple/", "/", "", duration),
                            () -> wrk.pages(lf, "/simple/", "/", "", duration), false));
                    table.add(compare("JSON page", wrk, () -> wrk.pages(ng, "/json/", "/", "", duration),
                            () -> wrk.pages(lf, "/simple/", "/", JSON, duration), false));
                    table.add(compare("1 MiB file", wrk, () -> wrk.file(ng + "/" + FILE_KEY, duration),
                            () -> wrk.file(lf + "/" + FILE_KEY, duration), true));
                }
                System.out.println();
                System.out.printf("wrk -t%d -c%d -d%s --latency, %d projects, load average (1 min) in the last column%n",
                        threads, connections, duration, names.size());
                System.out.println("| workload | nginx #1 | Landfall | nginx #2 | Landfall ÷ nginx (rate) | p50 nginx / Landfall (ms) | p99 nginx / Landfall (ms) | load avg |");
                System.out.println("|---|---|---|---|---|---|---|---|");
                table.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
            } finally {
                stopNginx(nginx, work);
            }
        }
        System.exit(0);
    }

    interface Run {
        Result run() throws Exception;
    }

    private static String[] compare(String name, Wrk wrk, Run nginx, Run landfall, boolean mb) throws Exception {
        Result n1 = nginx.run();
        Result l = landfall.run();
        Result n2 = nginx.run();
        String load = SyncBenchmark.Args.loadAverage();
        double nRate = mb ? (n1.mbps() + n2.mbps()) / 2 : (n1.rps() + n2.rps()) / 2;
        double lRate = mb ? l.mbps() : l.rps();
        return new String[] {name, fmt(n1, mb), fmt(l, mb), fmt(n2, mb), String.format("**%.2f×**", lRate / nRate),
                String.format("%.2f / %.2f", (n1.p50ms() + n2.p50ms()) / 2, l.p50ms()),
                String.format("%.2f / %.2f", (n1.p99ms() + n2.p99ms()) / 2, l.p99ms()), load};
    }

    private static String fmt(Result r, boolean mb) {
        String rate = mb ? String.format("%.0f MB/s (%.0f req/s)", r.mbps(), r.rps()) : String.format("%.0f req/s", r.rps());
        return rate + String.format(", p50 %.2f ms, p99 %.2f ms", r.p50ms(), r.p99ms()) + r.errors();
    }

    /** The snapshot's pages, byte for byte, as nginx files; returns the project names. */
    static List<String> export(MirrorRig rig, long snapshot, Path root) throws IOException {
        BlobStore blobs = rig.index().getBean(BlobStore.class);
        JsonNode index = JsonMapper.builder().build().readTree(blobs.readAllBytes(StorageKeys.snapshotIndexJson(snapshot)));
        List<String> names = new ArrayList<>();
        for (JsonNode p : index.get("projects")) {
            String name = p.get("name").asString();
            long serial = p.get("_last-serial").asLong();
            ProjectName project = new ProjectName(name);
            Path html = root.resolve("simple").resolve(name).resolve("index.html");
            Path json = root.resolve("json").resolve(name).resolve("index.json");
            Files.createDirectories(html.getParent());
            Files.createDirectories(json.getParent());
            Files.write(html, blobs.readAllBytes(StorageKeys.pageHtml(project, serial)));
            Files.write(json, blobs.readAllBytes(StorageKeys.pageJson(project, serial)));
            names.add(name);
        }
        byte[] file = new byte[1 << 20];
        new Random(1).nextBytes(file);
        blobs.put(FILE_KEY, file);
        Path f = root.resolve(FILE_KEY);
        Files.createDirectories(f.getParent());
        Files.write(f, file);
        Long pages = new JdbcTemplate(rig.db().dataSource()).queryForObject("SELECT COUNT(*) FROM page_version", Long.class);
        System.out.printf("exported %d projects (%d page versions) and a 1 MiB file to %s%n", names.size(), pages, root);
        return names;
    }

    static Path writeNginxConf(Path work, Path root, int port) throws IOException {
        Files.createDirectories(work.resolve("logs"));
        Path conf = work.resolve("nginx.conf");
        Files.writeString(conf, """
                # Own instance for the benchmark (not the system nginx): loopback, high port, files from %2$s.
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    tcp_nodelay on;
                    keepalive_requests 100000;
                    open_file_cache max=10000 inactive=60s;
                    open_file_cache_valid 60s;
                    client_body_temp_path %1$s/tmp-body;
                    proxy_temp_path %1$s/tmp-proxy;
                    fastcgi_temp_path %1$s/tmp-fastcgi;
                    uwsgi_temp_path %1$s/tmp-uwsgi;
                    scgi_temp_path %1$s/tmp-scgi;
                    types { text/html html; application/octet-stream gz; }
                    default_type application/octet-stream;
                    server {
                        listen 127.0.0.1:%3$d;
                        root %2$s;
                        index index.html;
                        location /json/ {
                            index index.json;
                            types { }
                            default_type application/vnd.pypi.simple.v1+json;
                        }
                    }
                }
                """.formatted(work, root, port));
        return conf;
    }

    static Process startNginx(Path work, Path conf, int port) throws Exception {
        Process p = new ProcessBuilder("/usr/sbin/nginx", "-p", work.toString(), "-e", work.resolve("logs/error.log").toString(),
                "-c", conf.toString()).redirectErrorStream(true).redirectOutput(work.resolve("logs/nginx.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(work.resolve("logs/nginx.out"))
                        + Files.readString(work.resolve("logs/error.log")));
            }
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                System.out.printf("nginx started (pid %d) on port %d%n", p.pid(), port);
                return p;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroy();
        throw new IllegalStateException("nginx did not listen on " + port);
    }

    /** SIGTERM to the master we started (its pid), which stops its workers. */
    static void stopNginx(Process p, Path work) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        System.out.printf("nginx (pid %d) stopped%n", p.pid());
    }

    /** Runs wrk and parses its summary. */
    record Wrk(int threads, int connections, Path lua, Path list) {

        Result pages(String base, String prefix, String suffix, String accept, String duration) throws Exception {
            return run(List.of("/usr/bin/wrk", "-t" + threads, "-c" + connections, "-d" + duration, "--latency",
                    "-s", lua.toString(), base, "--", list.toString(), prefix, suffix, accept));
        }

        Result file(String url, String duration) throws Exception {
            return run(List.of("/usr/bin/wrk", "-t" + threads, "-c" + connections, "-d" + duration, "--latency", url));
        }

        private static Result run(List<String> command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("wrk failed: " + out);
            }
            Matcher rps = RPS.matcher(out);
            Matcher tr = TRANSFER.matcher(out);
            if (!rps.find() || !tr.find()) {
                throw new IllegalStateException("unexpected wrk output: " + out);
            }
            double p50 = -1;
            double p99 = -1;
            Matcher m = PCT.matcher(out);
            while (m.find()) {
                double v = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
                    case "us" -> 0.001;
                    case "s" -> 1000.0;
                    default -> 1.0;
                };
                if (m.group(1).equals("50")) p50 = v; else p99 = v;
            }
            double transfer = Double.parseDouble(tr.group(1)) * switch (tr.group(2)) {
                case "KB" -> 1024.0;
                case "MB" -> 1024.0 * 1024;
                case "GB" -> 1024.0 * 1024 * 1024;
                default -> 1.0;
            };
            String errors = "";
            int non2xx = out.indexOf("Non-2xx or 3xx responses:");
            if (non2xx >= 0) {
                errors += " [" + out.substring(non2xx, out.indexOf('\n', non2xx)).trim() + "]";
            }
            int socket = out.indexOf("Socket errors:");
            if (socket >= 0) {
                errors += " [" + out.substring(socket, out.indexOf('\n', socket)).trim() + "]";
            }
            return new Result(Double.parseDouble(rps.group(1)), transfer / 1e6, p50, p99, errors);
        }
    }

    private static final String LUA = """
            -- Random project per request from the same list for both servers.
            -- args: <list file> <prefix> <suffix> [Accept header]
            local names = {}
            local prefix, suffix, headers
            local threads = 0
            setup = function(thread)
              threads = threads + 1
              thread:set("tid", threads)
            end
            init = function(args)
              for line in io.lines(args[1]) do names[#names + 1] = line end
              prefix, suffix = args[2], args[3]
              headers = {}
              if args[4] ~= nil and args[4] ~= "" then headers["Accept"] = args[4] end
              math.randomseed(os.time() * 100 + (tid or 0))
            end
            request = function()
              return wrk.format("GET", prefix .. names[math.random(#names)] .. suffix, headers)
            end
            """;

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
