package dev.landfall.index;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.fetcher.FetcherConfiguration;
import dev.landfall.poller.PollerConfiguration;
import dev.landfall.simulator.CoupledRelease;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.MirrorInfrastructure;
import dev.landfall.testsupport.Pip;
import dev.landfall.testsupport.Uv;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real clients against the whole mirror while the simulator churns and snapshots advance every few hundred
 * milliseconds (README "Snapshot stickiness"): one run of a client reads one snapshot. uv keeps no cookies, so
 * its runs are pinned by address and user agent within the idle gap; pip (current and the machine's older one)
 * by the cookie. Each run installs the newest coupled release (B needs A==vA); the mirror's access log says
 * which snapshot answered each page request of the run. A run fails if it reads two snapshots, or if its
 * install fails while the same install from its snapshot pinned ({@code /snapshots/<W>/simple/}, equal to
 * upstream at W) succeeds. uv shares one cache across runs, so later runs revalidate a warm cache (304s).
 *
 * <p>Negative controls: an index server with {@code landfall.index.run-idle-gap=0} serves uv runs that read
 * two snapshots (random timing; the simulator's libraries never lose a release, so such a mix reads forwards and
 * does not fail an install). And the failure itself, with the timing forced: the library's page request of a run is
 * held until upstream has withdrawn the pinned library release (the simulator's retire mode) and the mirror serves
 * that; without stickiness the install fails although upstream at the run's first snapshot installs it, with
 * stickiness (uv by address, pip by cookie) the same run succeeds from one snapshot.
 *
 * <p>Runs are sequential (the idle gap apart) because real clients cannot be given distinct addresses.
 */
@SpringBootTest(classes = RealClientsIT.Mirror.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "landfall.poller.interval=100ms",
        "landfall.poller.retry-backoff=100ms",
        "landfall.fetcher.concurrency=16",
        "landfall.fetcher.max-poll-records=200",
        "landfall.index.publish-interval=100ms",
        "landfall.index.snapshot-poll-interval=100ms",
        "landfall.index.run-idle-gap=" + RealClientsIT.IDLE_GAP_MILLIS + "ms",
        "logging.level.dev.landfall.fetcher=WARN"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClientsIT {

    static final long IDLE_GAP_MILLIS = 1000;
    private static final int UV_RUNS = 10;
    private static final int NEGATIVE_CONTROL_MAX_RUNS = 30;
    private static final int PIP_RUNS = 3;
    private static final double CHURN_PER_SECOND = 6;
    private static final double NEGATIVE_CONTROL_CHURN_PER_SECOND = 20;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PollerConfiguration.class, FetcherConfiguration.class, IndexServerConfiguration.class, AccessLog.class})
    static class Mirror {
    }

    @RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
            .withSimulator(SimulatorConfig.builder().seed(23).projects(60).port(0).churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @LocalServerPort int port;
    @Autowired AccessLog accessLog;

    private static Path uvCache;
    private final HttpClient http = HttpClient.newHttpClient();

    /** The index server's requests in memory: which snapshot answered each page. */
    static final class AccessLog implements WebServerFactoryCustomizer<JettyServletWebServerFactory>, RequestLog {
        record Entry(long nanos, String path, int status, @Nullable String snapshot, boolean revalidation, String userAgent) {
        }

        private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void customize(JettyServletWebServerFactory factory) {
            factory.addServerCustomizers(server -> server.setRequestLog(this));
        }

        @Override
        public void log(Request request, Response response) {
            String ua = request.getHeaders().get("User-Agent");
            entries.add(new Entry(System.nanoTime(), request.getHttpURI().getPath(), response.getStatus(),
                    response.getHeaders().get("X-Landfall-Snapshot"), request.getHeaders().get("If-None-Match") != null,
                    ua == null ? "" : ua));
        }

        int size() {
            return entries.size();
        }

        List<Entry> since(int index) {
            synchronized (entries) {
                return List.copyOf(entries.subList(index, entries.size()));
            }
        }

        long lastNanos() {
            synchronized (entries) {
                return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).nanos();
            }
        }
    }

    /** One client run as the access log saw it. */
    record Run(String client, String target, int exitCode, boolean installedCoupled, Set<String> snapshots, long revalidations,
               boolean upstreamSucceeds, String output, List<AccessLog.Entry> pages) {
        boolean mixed() {
            return snapshots.size() > 1;
        }

        boolean failedWhereUpstreamSucceeds() {
            return (exitCode != 0 || !installedCoupled) && upstreamSucceeds;
        }
    }

    @BeforeAll
    static void uvCache() throws IOException {
        uvCache = Files.createTempDirectory("landfall-uv-cache-");
    }

    @AfterAll
    static void stopChurn() throws IOException {
        infra.simulator().get().setChurnPerSecond(0);
        Uv.delete(uvCache);
    }

    private String index() {
        return "http://127.0.0.1:" + port;
    }

    private long currentSnapshot(String base) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/simple/")).build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? Long.parseLong(r.headers().firstValue("X-Landfall-Snapshot").orElse("-1")) : -1;
    }

    /** The newest coupled release upstream at the snapshot the index serves now. */
    private Optional<CoupledRelease> newestCoupled(String base) throws Exception {
        long w = currentSnapshot(base);
        return w < 0 ? Optional.empty()
                : infra.simulator().get().coupled(w).stream().max(Comparator.comparingLong(CoupledRelease::serial));
    }

    private void churning() throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> currentSnapshot(index()) >= 0);
        infra.simulator().get().setChurnPerSecond(CHURN_PER_SECOND);
        await().atMost(Duration.ofSeconds(60)).until(() -> newestCoupled(index()).isPresent());
    }

    interface Installer {
        Pip.Result install(String indexUrl, String requirement) throws Exception;
    }

    /** One run of {@code installer}, then the idle gap, then what the access log saw of it. */
    private Run run(String client, String base, AccessLog log, Installer installer) throws Exception {
        CoupledRelease target = newestCoupled(base).orElseThrow();
        String requirement = target.project() + "==" + target.version();
        int from = log.size();
        Pip.Result result = installer.install(base + "/simple/", requirement);
        // The next run must not continue this one: wait out the idle gap (it also lets the last log entries land).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> System.nanoTime() - log.lastNanos() > (IDLE_GAP_MILLIS + 300) * 1_000_000L);
        // The client's page requests only: not the test's own probes (Java's HttpClient), whose log entry may land late.
        List<AccessLog.Entry> seen = log.since(from).stream()
                .filter(e -> e.path().startsWith("/simple/") && !e.userAgent().startsWith("Java-http-client")).toList();
        Set<String> snapshots = new TreeSet<>();
        seen.stream().map(AccessLog.Entry::snapshot).filter(s -> s != null).forEach(snapshots::add);
        boolean coupled = target.requiresVersion().equals(result.installed().get(target.requires()));
        boolean upstream = true;
        if (result.exitCode() != 0 || !coupled) {
            // Upstream at the run's snapshot: the pinned snapshot serves exactly that (ConsistencyIT checks it).
            String w = snapshots.isEmpty() ? Long.toString(currentSnapshot(base))
                    : snapshots.stream().min(Comparator.comparingLong(Long::parseLong)).orElseThrow();
            Pip.Result pinned = installer.install(base + "/snapshots/" + w + "/simple/", requirement);
            upstream = pinned.exitCode() == 0;
            pinned.deleteTarget();
        }
        result.deleteTarget();
        return new Run(client, requirement, result.exitCode(), coupled, snapshots,
                seen.stream().filter(AccessLog.Entry::revalidation).count(), upstream, result.output(), seen);
    }

    private static String summary(List<Run> runs) {
        StringBuilder s = new StringBuilder();
        for (Run r : runs) {
            s.append(String.format("%n  %s %s exit=%d coupled=%s snapshots=%s revalidations=%d upstreamOk=%s", r.client(), r.target(),
                    r.exitCode(), r.installedCoupled(), r.snapshots(), r.revalidations(), r.upstreamSucceeds()));
            if (r.exitCode() != 0) {
                s.append("\n").append(r.output());
            }
            if (r.mixed()) {
                long t0 = r.pages().get(0).nanos();
                r.pages().forEach(e -> s.append(String.format("%n    +%dms %s %d snapshot=%s", (e.nanos() - t0) / 1_000_000, e.path(),
                        e.status(), e.snapshot())));
            }
        }
        return s.toString();
    }

    @Test
    @Order(1)
    void uvRunsWithoutCookiesReadOneSnapshotEachWhileSnapshotsAdvance() throws Exception {
        churning();
        Uv uv = new Uv(uvCache);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < UV_RUNS; i++) {
            runs.add(run("uv", index(), accessLog, uv::pipInstall));
        }
        long served = runs.stream().flatMap(r -> r.snapshots().stream()).distinct().count();
        System.out.printf(java.time.LocalTime.now() + " RealClientsIT %s, stickiness on: %d runs over %d snapshots, %d mixed, %d failed where upstream succeeds, "
                        + "%d revalidations of a warm cache%n", uv.version(), runs.size(), served,
                runs.stream().filter(Run::mixed).count(), runs.stream().filter(Run::failedWhereUpstreamSucceeds).count(),
                runs.stream().mapToLong(Run::revalidations).sum());
        assertThat(runs).as(summary(runs)).noneMatch(Run::mixed).noneMatch(Run::failedWhereUpstreamSucceeds)
                .allMatch(r -> r.snapshots().size() == 1);
        assertThat(served).as("snapshots advanced between runs" + summary(runs)).isGreaterThanOrEqualTo(3);
        assertThat(runs.stream().mapToLong(Run::revalidations).sum()).as("the warm uv cache revalidated pages").isPositive();
    }

    @Test
    @Order(2)
    void negativeControlWithoutStickinessUvRunsMixSnapshots() throws Exception {
        churning();
        Map<String, String> props = new LinkedHashMap<>(infra.properties());
        props.put("server.port", "0");
        props.put("landfall.index.publisher-enabled", "false");
        props.put("landfall.index.snapshot-poll-interval", "100ms");
        props.put("landfall.index.run-idle-gap", "0");
        try (ConfigurableApplicationContext unsticky = new SpringApplicationBuilder(IndexServerApplication.class, AccessLog.class)
                .run(MirrorInfrastructure.commandLine(props))) {
            String base = "http://127.0.0.1:" + unsticky.getEnvironment().getProperty("local.server.port");
            AccessLog log = unsticky.getBean(AccessLog.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> currentSnapshot(base) >= 0);
            // Faster churn: snapshots every ~100 ms, so a short uv run spans a publication often enough to show in a few runs.
            infra.simulator().get().setChurnPerSecond(NEGATIVE_CONTROL_CHURN_PER_SECOND);
            Uv uv = new Uv(uvCache);
            List<Run> runs = new ArrayList<>();
            while (runs.size() < NEGATIVE_CONTROL_MAX_RUNS && runs.stream().noneMatch(Run::mixed)) {
                runs.add(run("uv", base, log, uv::pipInstall));
            }
            System.out.printf(java.time.LocalTime.now() + " RealClientsIT negative control (run-idle-gap=0): %d runs, %d mixed snapshots, %d failed where upstream succeeds%n",
                    runs.size(), runs.stream().filter(Run::mixed).count(), runs.stream().filter(Run::failedWhereUpstreamSucceeds).count());
            assertThat(runs).as(summary(runs)).anyMatch(Run::mixed);
        } finally {
            infra.simulator().get().setChurnPerSecond(CHURN_PER_SECOND);
        }
    }

    @Test
    @Order(3)
    void pipRunsCurrentAndOlderReadOneSnapshotEach() throws Exception {
        churning();
        List<Run> runs = new ArrayList<>();
        for (Pip pip : List.of(new Pip(), Pip.machine())) {
            String version = pip.version().split(" from ")[0];
            for (int i = 0; i < PIP_RUNS; i++) {
                runs.add(run(version, index(), accessLog, pip::install));
            }
        }
        System.out.printf(java.time.LocalTime.now() + " RealClientsIT pip: %d runs, %d mixed, %d failed where upstream succeeds%n", runs.size(),
                runs.stream().filter(Run::mixed).count(), runs.stream().filter(Run::failedWhereUpstreamSucceeds).count());
        assertThat(runs).as(summary(runs)).noneMatch(Run::mixed).noneMatch(Run::failedWhereUpstreamSucceeds)
                .allMatch(r -> r.snapshots().size() == 1);
    }

    /**
     * Holds the first request for {@code /simple/<held>/} of an extra index server until {@link #release} is true:
     * the test makes a snapshot advance land exactly between a run's two page reads. Jetty request customizers run
     * before any handler, in every context this class is registered in.
     */
    static final class HoldPage implements WebServerFactoryCustomizer<JettyServletWebServerFactory> {
        static volatile @Nullable String held;
        static volatile java.util.concurrent.Callable<Boolean> release = () -> true;
        static volatile Runnable onHold = () -> { };
        static volatile boolean triggered;

        @Override
        public void customize(JettyServletWebServerFactory factory) {
            factory.addServerCustomizers(server -> {
                for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
                    org.eclipse.jetty.server.HttpConnectionFactory f = c.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class);
                    if (f != null) {
                        f.getHttpConfiguration().addCustomizer((request, headers) -> {
                            String project = held;
                            if (project != null && request.getHttpURI().getPath().equals("/simple/" + project + "/")) {
                                held = null;
                                triggered = true;
                                onHold.run();
                                try {
                                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(release);
                                } catch (RuntimeException e) {
                                    System.out.println("RealClientsIT HoldPage gave up: " + e);
                                }
                            }
                            return request;
                        });
                    }
                }
            });
        }
    }

    /**
     * A run that reads the app's page at W and the library's page after the library withdrew the pinned release
     * fails, although upstream at W installs it. The simulator withdraws superseded coupled pins on purpose here;
     * the test holds the library's page request until the served snapshot no longer has the pinned release.
     * Without stickiness (idle gap 0, uv sends no cookie) the install fails; with it, the same run succeeds.
     */
    private Run midRunAdvance(boolean sticky, String client, Installer installer) throws Exception {
        churning();
        infra.simulator().get().setChurnPerSecond(0);
        Map<String, String> props = new LinkedHashMap<>(infra.properties());
        props.put("server.port", "0");
        props.put("landfall.index.publisher-enabled", "false");
        props.put("landfall.index.snapshot-poll-interval", "100ms");
        // Sticky: a gap far longer than the hold, so the held request still belongs to its run.
        props.put("landfall.index.run-idle-gap", sticky ? "120s" : "0");
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(IndexServerApplication.class, AccessLog.class, HoldPage.class)
                .run(MirrorInfrastructure.commandLine(props))) {
            String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
            AccessLog log = server.getBean(AccessLog.class);
            long upstream = infra.simulator().get().lastSerial();
            await().atMost(Duration.ofSeconds(60)).until(() -> currentSnapshot(base) >= upstream);
            CoupledRelease target = newestCoupled(base).orElseThrow();
            HoldPage.release = () -> {
                long w = currentSnapshot(base);
                return w >= 0 && withdrawn(w, target);
            };
            // Once the run has read the app's page and asks for the library's, upstream moves on until the pinned
            // release is withdrawn, and the mirror follows; only then is the library's page request let through.
            infra.simulator().get().retireSupersededCoupledReleases(true);
            Thread advancer = new Thread(() -> {
                while (!withdrawn(infra.simulator().get().lastSerial(), target)) {
                    infra.simulator().get().advance(1);
                }
            });
            HoldPage.onHold = advancer::start;
            HoldPage.triggered = false;
            HoldPage.held = target.requires();
            Run run;
            try {
                run = run(client, base, log, installer);
            } finally {
                if (advancer.isAlive()) {
                    advancer.join(60_000);
                }
                infra.simulator().get().retireSupersededCoupledReleases(false);
                HoldPage.held = null;
            }
            // Proof the timing was forced: the library's page was held, and the snapshot served now lacks the pinned release.
            assertThat(HoldPage.triggered).as("the run's request for /simple/%s/ was held", target.requires()).isTrue();
            assertThat(withdrawn(currentSnapshot(base), target)).as("served snapshot moved past the withdrawal").isTrue();
            System.out.printf(java.time.LocalTime.now() + " RealClientsIT snapshot advance mid-run, %s, stickiness %s: exit=%d snapshots=%s failed where upstream succeeds=%s%n",
                    client, sticky ? "on" : "off", run.exitCode(), run.snapshots(), run.failedWhereUpstreamSucceeds());
            return run;
        } finally {
            infra.simulator().get().setChurnPerSecond(CHURN_PER_SECOND);
        }
    }

    /** Upstream at {@code serial} no longer has the library release {@code target} pins. */
    private boolean withdrawn(long serial, CoupledRelease target) {
        var library = infra.simulator().get().oracle(serial).projects().get(target.requires());
        return library != null && library.files().stream().noneMatch(f -> f.version().equals(target.requiresVersion()));
    }

    @Test
    @Order(4)
    void negativeControlWithoutStickinessAMidRunAdvanceFailsAnInstallUpstreamAllows() throws Exception {
        Run run = midRunAdvance(false, "uv", new Uv(uvCache)::pipInstall);
        assertThat(run.mixed()).as(summary(List.of(run))).isTrue();
        assertThat(run.failedWhereUpstreamSucceeds()).as(summary(List.of(run))).isTrue();
    }

    @Test
    @Order(5)
    void withStickinessTheSameMidRunAdvanceInstallsFromOneSnapshot() throws Exception {
        // uv by address and user agent; pip (current) by its cookie.
        for (Run run : List.of(midRunAdvance(true, "uv", new Uv(uvCache)::pipInstall), midRunAdvance(true, "pip", new Pip()::install))) {
            assertThat(run.snapshots()).as(summary(List.of(run))).hasSize(1);
            assertThat(run.exitCode()).as(summary(List.of(run))).isZero();
            assertThat(run.installedCoupled()).as(summary(List.of(run))).isTrue();
        }
    }

    @Test
    @Order(6)
    void uvLockAgainstAPinnedSnapshotIsIdenticalAfterADayOfChurn() throws Exception {
        churning();
        CoupledRelease target = newestCoupled(index()).orElseThrow();
        long w = currentSnapshot(index());
        String pinnedIndex = index() + "/snapshots/" + w + "/simple/";
        String first = lock(pinnedIndex, target.project());
        assertThat(first).contains("name = \"" + target.requires() + "\"");
        // A day of upstream activity (~37 s per simulated transaction); the mirror publishes newer snapshots meanwhile
        // (catching up with the whole day takes it longer than this test should run).
        infra.simulator().get().setChurnPerSecond(0);
        infra.simulator().get().advance(2400);
        await().atMost(Duration.ofSeconds(60)).until(() -> currentSnapshot(index()) > w + 20);
        String second = lock(pinnedIndex, target.project());
        System.out.printf(java.time.LocalTime.now() + " RealClientsIT uv lock against /snapshots/%d/simple/ before and after a day of upstream churn "
                + "(upstream now at %d, the mirror at %d): %s%n", w, infra.simulator().get().lastSerial(), currentSnapshot(index()),
                second.equals(first) ? "identical" : "DIFFERENT");
        assertThat(second).isEqualTo(first);
    }

    /** {@code uv lock} of a project depending on {@code requirement} from {@code indexUrl}, with a fresh cache: uv.lock. */
    private static String lock(String indexUrl, String requirement) throws Exception {
        Path project = Files.createTempDirectory("landfall-uv-lock-");
        Path cache = Files.createTempDirectory("landfall-uv-lock-cache-");
        try {
            Files.writeString(project.resolve("pyproject.toml"), """
                    [project]
                    name = "lock-check"
                    version = "0"
                    requires-python = ">=3.11"
                    dependencies = ["%s"]

                    [[tool.uv.index]]
                    name = "landfall"
                    url = "%s"
                    default = true
                    """.formatted(requirement, indexUrl));
            Uv.Output out = new Uv(cache).lock(project);
            assertThat(out.exitCode()).as(out.output()).isZero();
            return Files.readString(project.resolve("uv.lock"));
        } finally {
            Uv.delete(project);
            Uv.delete(cache);
        }
    }
}
