package dev.landfall.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import java.io.IOException;

/**
 * Initial sync of {@code --projects} (default 2,000) simulator projects, first with one fetcher
 * context, then (fresh database, broker, storage) with two in the same consumer group; a smaller
 * warm-up run first so the JIT is not measured. Prints one row per run: time from the poller's
 * initial sync start to a snapshot at or above the floor being served, its split, and
 * projects/s, files/s (files + .metadata) and MB/s over that time.
 *
 * <p>Arguments: {@code --projects=2000 --warmup-projects=400 --fetchers=1,2 --s3=false --seed=7}
 * plus any {@code --landfall.*=...} / {@code --spring.*=...} passed to every service context.
 */
public final class SyncBenchmark {

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int projects = Integer.parseInt(a.getOrDefault("projects", "2000"));
        int warmupProjects = Integer.parseInt(a.getOrDefault("warmup-projects", "400"));
        int warmupRuns = Integer.parseInt(a.getOrDefault("warmup-runs", "2"));
        boolean s3 = Boolean.parseBoolean(a.getOrDefault("s3", "false"));
        long seed = Long.parseLong(a.getOrDefault("seed", "7"));
        List<Integer> fetcherCounts = Args.ints(a.getOrDefault("fetchers", "1,2"));
        Map<String, String> extra = Args.serviceProperties(a);
        String jfr = a.get("jfr");

        for (int i = 0; i < warmupRuns; i++) {
            Row w = run(new MirrorRig.Options(warmupProjects, seed + 100 + i, 1 + i % 2, s3, 0, extra), null);
            System.out.printf("warm-up %d: %d projects, %d fetcher(s), served after %d ms%n", i + 1, warmupProjects, 1 + i % 2, w.t.servedMs());
        }
        List<Row> rows = new ArrayList<>();
        for (int n : fetcherCounts) {
            rows.add(run(new MirrorRig.Options(projects, seed, n, s3, 0, extra),
                    jfr == null ? null : java.nio.file.Path.of(jfr.replace(".jfr", "") + "-" + n + "fetcher.jfr")));
        }
        System.out.println();
        System.out.printf("Initial sync, %d projects, storage=%s, load average at start of each run in the last column%n", projects, s3 ? "s3proxy" : "filesystem");
        System.out.println("| fetchers | ledger (ms) | outbox drained (ms) | first page (ms) | all pages (ms) | snapshot row (ms) | served (ms) "
                + "| projects | files | .metadata | MB | projects/s | files/s | MB/s | JVM CPU (s) | machine busy | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            double s = r.t.servedMs() / 1000.0;
            double mb = r.stored.bytes() / 1e6;
            System.out.printf("| %d | %d | %d | %d | %d | %d | **%d** | %d | %d | %d | %.1f | %.0f | %.0f | %.2f | %.1f | %.0f%% | %s |%n",
                    r.fetchers, r.t.ledgerMs(), r.t.outboxDrainedMs(), r.t.firstPageMs(), r.t.pagesMs(), r.t.snapshotMs(),
                    r.t.servedMs(), r.expected.projects(), r.stored.files(), r.stored.metadata(), mb,
                    r.expected.projects() / s, (r.stored.files() + r.stored.metadata()) / s, mb / s,
                    r.t.jvmCpuSeconds(), r.t.machineBusyPercent(), r.load);
            if (r.stored.files() != r.expected.files() || r.stored.metadata() != r.expected.metadata()) {
                System.out.printf("  WARNING: stored %d files + %d .metadata, upstream has %d + %d%n",
                        r.stored.files(), r.stored.metadata(), r.expected.files(), r.expected.metadata());
            }
        }
        System.out.println();
        System.out.println("CPU seconds during the measured sync, by component (thread names; PostgreSQL from /proc):");
        for (Row r : rows) {
            StringBuilder line = new StringBuilder("  " + r.fetchers + " fetcher(s): ");
            r.t.cpuByComponent().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> line.append(String.format("%s %.1f; ", e.getKey(), e.getValue())));
            System.out.println(line);
        }
        System.out.println("(times from PollerLoop.start(); 'served' = GET /simple/ answers X-Landfall-Snapshot >= ledger floor;"
                + " JVM CPU = this process (simulator, broker and services together) during the sync; machine busy = all cores, /proc/stat;"
                + " load avg = 1-minute load at the start of the run, which includes the previous run's threads)");
        System.exit(0);
    }

    record Row(int fetchers, MirrorRig.Timeline t, MirrorRig.Totals expected, MirrorRig.Totals stored, String load) {
    }

    static Row run(MirrorRig.Options o, java.nio.file.@Nullable Path jfr) throws Exception {
        try (MirrorRig rig = new MirrorRig(o)) {
            String load = Args.loadAverage();
            MirrorRig.Timeline t = rig.sync(Duration.ofMinutes(10), jfr);
            return new Row(o.fetchers(), t, rig.expected(), rig.stored(), load);
        }
    }

    /** Tiny {@code --key=value} parser shared by the benchmarks. */
    static final class Args {
        private Args() {
        }

        static Map<String, String> parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("expected --key=value, got " + arg);
                }
                int eq = arg.indexOf('=');
                m.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
            return m;
        }

        static List<Integer> ints(String csv) {
            List<Integer> out = new ArrayList<>();
            for (String s : csv.split(",")) {
                out.add(Integer.parseInt(s.trim()));
            }
            return out;
        }

        /** {@code --landfall.*} and {@code --spring.*} go to every service context. */
        static Map<String, String> serviceProperties(Map<String, String> a) {
            Map<String, String> m = new LinkedHashMap<>();
            a.forEach((k, v) -> {
                if (k.startsWith("landfall.") || k.startsWith("spring.") || k.startsWith("logging.") || k.startsWith("server.")) {
                    m.put(k, v);
                }
            });
            return m;
        }

        /** The 1-minute load average (Linux), for the table. */
        static String loadAverage() {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
            } catch (IOException e) {
                return "?";
            }
        }
    }
}
