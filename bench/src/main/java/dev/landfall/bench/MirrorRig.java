package dev.landfall.bench;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.FILESYSTEM_STORAGE;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;

import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.fetcher.FetcherApplication;
import dev.landfall.index.IndexServerApplication;
import dev.landfall.poller.ChangelogPollerApplication;
import dev.landfall.poller.sync.PollerLoop;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.PypiSimulator;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.PostgresDatabase;
import dev.landfall.testsupport.MirrorInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import java.util.TreeMap;
import java.util.HashMap;
import java.lang.management.ThreadMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ManagementFactory;
import com.sun.management.OperatingSystemMXBean;

/**
 * One mirror for a benchmark run: an in-process simulator (faults and churn off), a fresh
 * PostgreSQL database, an embedded KRaft broker, storage in a temp directory (or s3proxy), and
 * the services as separate Spring contexts in this JVM — index server (publisher + HTTP) first
 * (it runs Flyway), then N fetchers in one consumer group (waited for until they own every
 * partition, so group joins are not measured), then the poller with its loop held back so the
 * measurement starts exactly when its initial sync starts.
 */
final class MirrorRig implements AutoCloseable {

    /** Listener id of the fetcher's changelog consumer (fetcher-service ChangelogListener). */
    private static final String CHANGELOG_LISTENER = "landfall-fetcher-changelog";

    record Options(int projects, long seed, int fetchers, boolean s3, int indexPort, Map<String, String> extra) {
    }

    /** Milliseconds since the poller loop was started; -1 = not reached. */
    record Timeline(long ledgerMs, long firstPageMs, long outboxDrainedMs, long pagesMs, long snapshotMs, long servedMs,
                    long floor, long snapshot, long entries, long pages, double jvmCpuSeconds, double machineBusyPercent,
                    Map<String, Double> cpuByComponent) {
    }

    record Totals(int projects, long files, long metadata, long bytes) {
    }

    private final Options options;
    private final MirrorInfrastructure infra;
    private final ConfigurableApplicationContext index;
    private final List<ConfigurableApplicationContext> fetchers = new ArrayList<>();
    private @Nullable ConfigurableApplicationContext poller;

    MirrorRig(Options options) throws Exception {
        this.options = options;
        this.infra = MirrorInfrastructure.with(POSTGRES, KAFKA, options.s3() ? S3 : FILESYSTEM_STORAGE)
                .withSimulator(SimulatorConfig.builder().seed(options.seed()).projects(options.projects()).port(0)
                        .churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());
        infra.start();
        index = new SpringApplicationBuilder(IndexServerApplication.class).web(WebApplicationType.SERVLET)
                .logStartupInfo(false).run(MirrorInfrastructure.commandLine(indexProperties()));
        for (int i = 0; i < options.fetchers(); i++) {
            Map<String, String> p = common();
            p.put("spring.application.name", "fetcher-" + i);
            fetchers.add(new SpringApplicationBuilder(FetcherApplication.class).web(WebApplicationType.NONE)
                    .logStartupInfo(false).run(MirrorInfrastructure.commandLine(p)));
        }
        awaitAssignment();
        Map<String, String> p = common();
        p.put("spring.application.name", "poller");
        p.put("landfall.poller.enabled", "false");   // started by hand in sync()
        poller = new SpringApplicationBuilder(ChangelogPollerApplication.class).web(WebApplicationType.NONE)
                .logStartupInfo(false).run(MirrorInfrastructure.commandLine(p));
    }

    private Map<String, String> common() {
        Map<String, String> p = new LinkedHashMap<>(infra.properties());
        p.put("spring.jmx.enabled", "false");
        p.put("spring.main.banner-mode", "off");
        p.putAll(options.extra());
        return p;
    }

    private Map<String, String> indexProperties() {
        Map<String, String> p = common();
        p.put("spring.application.name", "index");
        p.put("server.port", Integer.toString(options.indexPort()));
        return p;
    }

    private void awaitAssignment() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            int total = 0;
            boolean everyOne = true;
            for (ConfigurableApplicationContext f : fetchers) {
                MessageListenerContainer c = f.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(CHANGELOG_LISTENER);
                int n = c == null || c.getAssignedPartitions() == null ? 0 : c.getAssignedPartitions().size();
                total += n;
                everyOne &= n > 0;
            }
            if (total >= infra.kafka().partitions() && everyOne) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("fetchers did not get every changelog partition within 60 s");
    }

    int indexPort() {
        return Integer.parseInt(index.getEnvironment().getProperty("local.server.port", "-1"));
    }

    ConfigurableApplicationContext index() {
        return index;
    }

    PostgresDatabase db() {
        return infra.postgres();
    }

    /** What the mirror must hold at the simulator's last serial (files, .metadata sidecars, bytes of both). */
    Totals expected() {
        PypiSimulator sim = infra.simulator().get();
        OracleState state = sim.oracle(sim.lastSerial());
        long files = 0;
        long metadata = 0;
        long bytes = 0;
        for (OracleState.OracleProject p : state.projects().values()) {
            for (OracleState.OracleFile f : p.files()) {
                files++;
                bytes += f.size();
                if (f.coreMetadataSha256() != null) {
                    metadata++;
                }
            }
        }
        return new Totals(state.projects().size(), files, metadata, bytes);
    }

    /** What storage holds under packages/ (files and .metadata, with their bytes). */
    Totals stored() throws IOException {
        BlobStore blobs = index.getBean(BlobStore.class);
        long files = 0;
        long metadata = 0;
        long bytes = 0;
        for (BlobInfo b : blobs.list("packages/")) {
            bytes += b.size();
            if (b.key().endsWith(".metadata")) {
                metadata++;
            } else {
                files++;
            }
        }
        return new Totals(-1, files, metadata, bytes);
    }

    /**
     * Starts the poller loop (initial sync) and follows the pipeline through the database every
     * few milliseconds until the index server serves a snapshot at or above the ledger floor.
     */
    Timeline sync(Duration timeout, @Nullable Path jfr) throws Exception {
        int n = options.projects();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI root = URI.create("http://127.0.0.1:" + indexPort() + "/simple/");
        long ledger = -1, firstPage = -1, drained = -1, pages = -1, snap = -1, served = -1;
        long floor = -1, snapshot = -1, entries = 0, pageCount = 0;
        JdbcTemplate jdbc = new JdbcTemplate(infra.postgres().dataSource());
        SnapshotReads snapshots = new SnapshotReads(jdbc);
        PollerStateReads pollerState = new PollerStateReads(jdbc);
        try (Connection c = infra.postgres().dataSource().getConnection(); Statement st = c.createStatement()) {
            jdk.jfr.Recording recording = null;
            if (jfr != null) {
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.setDestination(jfr);
                recording.start();
            }
            long[] stat0 = Cpu.machine();
            long cpu0 = Cpu.process();
            Map<Long, Long> threads0 = Cpu.threads();
            long pg0 = Cpu.postgres();
            long t0 = System.nanoTime();
            poller().getBean(PollerLoop.class).start();
            long deadline = t0 + timeout.toNanos();
            while (served < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no served snapshot >= floor within " + timeout + " (entries " + entries
                            + ", pages " + pageCount + ", snapshot " + snapshot + ", floor " + floor + ")");
                }
                long outbox;
                try (ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM changelog_entry), (SELECT COUNT(*) FROM changelog_outbox),"
                        + " (SELECT COUNT(*) FROM page_version)")) {
                    rs.next();
                    entries = rs.getLong(1);
                    outbox = rs.getLong(2);
                    pageCount = rs.getLong(3);
                }
                snapshot = snapshots.newest().orElse(-1);
                floor = pollerState.current().map(PollerStateReads.PollerPosition::ledgerFloor).orElse(-1L);
                long now = (System.nanoTime() - t0) / 1_000_000;
                if (ledger < 0 && floor >= 0 && entries >= n) ledger = now;
                if (firstPage < 0 && pageCount > 0) firstPage = now;
                if (ledger >= 0 && drained < 0 && outbox == 0) drained = now;
                if (pages < 0 && pageCount >= n) pages = now;
                if (snap < 0 && floor >= 0 && snapshot >= floor) snap = now;
                if (snap >= 0) {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.discarding());
                    long w = r.statusCode() == 200 ? Long.parseLong(r.headers().firstValue("X-Landfall-Snapshot").orElse("-1")) : -1;
                    if (w >= floor) {
                        served = (System.nanoTime() - t0) / 1_000_000;
                    }
                }
                Thread.sleep(5);
            }
            double jvmCpu = (Cpu.process() - cpu0) / 1e9;
            Map<String, Double> byComponent = Cpu.byComponent(threads0);
            byComponent.put("postgresql (processes)", (Cpu.postgres() - pg0) / 100.0);
            long[] stat1 = Cpu.machine();
            double busy = stat1[1] == stat0[1] ? 0 : 100.0 * (stat1[0] - stat0[0]) / (stat1[1] - stat0[1]);
            if (recording != null) {
                recording.stop();
                recording.close();
            }
            return new Timeline(ledger, firstPage, drained, pages, snap, served, floor, snapshot, entries, pageCount, jvmCpu, busy, byComponent);
        }
    }

    /** CPU accounting: this JVM's CPU time and the machine's busy/total jiffies (/proc/stat). */
    static final class Cpu {
        private Cpu() {
        }

        static long process() {
            return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** CPU nanoseconds (user + system) of every live thread of this JVM, by thread id. */
        static Map<Long, Long> threads() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Map<Long, Long> m = new HashMap<>();
            for (long id : mx.getAllThreadIds()) {
                long t = mx.getThreadCpuTime(id);
                if (t >= 0) {
                    m.put(id, t);
                }
            }
            return m;
        }

        /**
         * CPU seconds since {@code before} per component, by thread name (threads that ended in between are
         * missing, threads started in between count from zero).
         */
        static Map<String, Double> byComponent(Map<Long, Long> before) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Map<String, Double> m = new TreeMap<>();
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long now = mx.getThreadCpuTime(info.getThreadId());
                if (now < 0) {
                    continue;
                }
                long delta = now - before.getOrDefault(info.getThreadId(), 0L);
                m.merge(component(info.getThreadName()), delta / 1e9, Double::sum);
            }
            return m;
        }

        static String component(String thread) {
            if (thread.startsWith("pypi-sim")) return "simulator (upstream stand-in)";
            if (thread.startsWith("landfall-fetch")) return "fetcher: fetch pool + consumers";
            if (thread.startsWith("landfall-index") || thread.startsWith("qtp")) return "index server";
            if (thread.startsWith("changelog-poller") || thread.startsWith("kafka-producer-network-thread")) return "poller (+ its producer)";
            if (thread.startsWith("kafka-coordinator") || thread.startsWith("executor-")) return "fetcher: kafka client threads";
            if (thread.startsWith("data-plane") || thread.startsWith("kafka") || thread.startsWith("controller")
                    || thread.startsWith("broker") || thread.startsWith("group-coordinator") || thread.startsWith("ExpirationReaper")
                    || thread.startsWith("quorum") || thread.startsWith("raft") || thread.startsWith("share-")) return "kafka broker (embedded)";
            if (thread.startsWith("GC") || thread.startsWith("G1") || thread.startsWith("C1") || thread.startsWith("C2")
                    || thread.startsWith("VM") || thread.startsWith("JFR")) return "jvm (gc, jit)";
            if (thread.equals("main")) return "bench monitor";
            return "other";
        }

        /** utime + stime clock ticks (1/100 s) of all running postgres processes. */
        static long postgres() {
            long ticks = 0;
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        int close = stat.lastIndexOf(')');
                        if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
                            continue;
                        }
                        String[] f = stat.substring(close + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    } catch (IOException | RuntimeException gone) {
                        // process ended meanwhile
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return ticks;
        }

        /** {busy, total} jiffies of all CPUs; busy excludes idle and iowait. */
        static long[] machine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new long[] {total - idle, total};
            } catch (IOException | RuntimeException e) {
                return new long[] {0, 0};
            }
        }
    }

    /** Starts the poller loop without following the sync (on-demand mode has no full initial sync to wait for). */
    void startPoller() {
        poller().getBean(PollerLoop.class).start();
    }

    PypiSimulator simulator() {
        return infra.simulator().get();
    }

    private ConfigurableApplicationContext poller() {
        if (poller == null) {
            throw new IllegalStateException("poller stopped");
        }
        return poller;
    }

    /** Stops poller, fetchers and simulator; the index server, database and broker keep running. */
    void stopSyncSide() {
        if (poller != null) {
            poller.close();
            poller = null;
        }
        fetchers.forEach(ConfigurableApplicationContext::close);
        fetchers.clear();
        infra.simulator().close();
    }

    @Override
    public void close() throws Exception {
        stopSyncSide();
        index.close();
        infra.close();
    }
}
