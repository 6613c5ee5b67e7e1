package dev.landfall.index;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.common.leader.LeaderLock;
import dev.landfall.fetcher.FetcherConfiguration;
import dev.landfall.index.publish.SnapshotPublisher;
import dev.landfall.poller.PollerConfiguration;
import dev.landfall.simulator.CoupledRelease;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.Pip;
import dev.landfall.testsupport.consistency.ConsistencyChecker;
import dev.landfall.testsupport.MirrorInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The promise (docs/architecture.md#the-promise): every view the mirror serves is PyPI exactly as it was at one serial W.
 * The whole mirror (poller + fetcher + index, one context, real PostgreSQL, Kafka, S3 API) syncs
 * from the simulator under churn, stale CDN answers, 5xx and coupled releases while the checker
 * crawls it again and again; real pip installs coupled-release targets during churn, and a pinned
 * {@code /snapshots/<W>/simple/} install reproduces later. Negative control: an index server that
 * serves the newest page versions instead of the servability rule is caught by the same checker.
 */
@SpringBootTest(classes = ConsistencyIT.Mirror.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "landfall.poller.interval=200ms",
        "landfall.poller.retry-backoff=100ms",
        "landfall.fetcher.concurrency=16",
        "landfall.fetcher.in-process-attempts=3",
        "landfall.fetcher.in-process-backoff=50ms",
        "landfall.fetcher.retry-delays=500ms,1s,2s,3s,5s,5s,5s,5s",
        "landfall.fetcher.max-poll-records=200",
        "landfall.index.publish-interval=100ms",
        "landfall.index.snapshot-poll-interval=100ms",
        "logging.level.dev.landfall.fetcher=WARN"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsistencyIT {

    /** The three services in one context, as in standalone. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PollerConfiguration.class, FetcherConfiguration.class, IndexServerConfiguration.class})
    static class Mirror {
    }

    private static final Faults FAULTS = Faults.builder().staleProbability(0.3).staleWindow(Duration.ofSeconds(2))
            .serverErrorRate(0.05).build();

    @RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
            .withSimulator(SimulatorConfig.builder().seed(11).projects(60).port(0).churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @LocalServerPort int port;
    @Autowired Environment environment;
    @Autowired IndexLoops indexLoops;
    @Autowired LeaderLock leaderLock;

    private final HttpClient http = HttpClient.newHttpClient();
    private static long pinnedSnapshot = -1;
    private static String pinnedTarget = "";
    private static SortedMap<String, String> pinnedInstall;

    private String index() {
        return "http://127.0.0.1:" + port;
    }

    private long currentSnapshot(String base) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/simple/")).build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? Long.parseLong(r.headers().firstValue("X-Landfall-Snapshot").orElse("-1")) : -1;
    }

    @Test
    @Order(1)
    void everyCrawlDuringChurnAndFaultsEqualsUpstreamAtItsSnapshot() throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> currentSnapshot(index()) >= 0);
        infra.simulator().get().setFaults(FAULTS);
        infra.simulator().get().setChurnPerSecond(4);
        ConsistencyChecker checker = new ConsistencyChecker(index(), infra.simulator().baseUrl());
        Pip pip = new Pip().withTimeout(Duration.ofMinutes(2));
        List<String> violations = new ArrayList<>();
        List<Long> snapshots = new ArrayList<>();
        int pipRuns = 0;
        for (int crawl = 0; crawl < 60 || snapshots.stream().distinct().count() < 5; crawl++) {
            ConsistencyChecker.Report report = checker.crawl();
            snapshots.add(report.snapshot());
            violations.addAll(report.violations());
            if (crawl % 20 == 5) {
                // Real pip during churn: the newest coupled release must always install (B needs A==vA).
                long w = report.snapshot();
                List<CoupledRelease> coupled = infra.simulator().get().coupled(w);
                if (!coupled.isEmpty()) {
                    CoupledRelease target = coupled.stream().max(Comparator.comparingLong(CoupledRelease::serial)).orElseThrow();
                    Pip.Result r = pip.install(index() + "/simple/", target.project() + "==" + target.version());
                    assertThat(r.exitCode()).as(r.output()).isZero();
                    assertThat(r.installed()).containsEntry(target.requires(), target.requiresVersion());
                    r.deleteTarget();
                    pipRuns++;
                    if (pinnedSnapshot < 0) {
                        Pip.Result pinned = pip.install(index() + "/snapshots/" + w + "/simple/", target.project());
                        assertThat(pinned.exitCode()).as(pinned.output()).isZero();
                        pinnedSnapshot = w;
                        pinnedTarget = target.project();
                        pinnedInstall = pinned.installed();
                        pinned.deleteTarget();
                    }
                }
            }
            if (crawl > 400) {
                break;
            }
        }
        assertThat(violations).as("violations over %d crawls", snapshots.size()).isEmpty();
        assertThat(snapshots).hasSizeGreaterThanOrEqualTo(50);
        assertThat(snapshots.stream().distinct().count()).as("distinct snapshots crawled").isGreaterThanOrEqualTo(5);
        assertThat(snapshots).isSorted();
        assertThat(pipRuns).isPositive();
        System.out.printf("ConsistencyIT: %d crawls over %d snapshots (%d..%d), %d pip installs of coupled releases, 0 violations%n",
                snapshots.size(), snapshots.stream().distinct().count(), snapshots.get(0), snapshots.get(snapshots.size() - 1), pipRuns);
    }

    @Test
    @Order(2)
    void aPinnedSnapshotInstallReproducesLater() throws Exception {
        assertThat(pinnedSnapshot).isNotNegative();
        infra.simulator().get().advance(100);
        await().atMost(Duration.ofSeconds(60)).until(() -> currentSnapshot(index()) > pinnedSnapshot + 50);
        // Installed first by the current pip, reproduced by the machine's older one: both read the same pinned pages.
        Pip.Result again = Pip.machine().install(index() + "/snapshots/" + pinnedSnapshot + "/simple/", pinnedTarget);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.installed()).isEqualTo(pinnedInstall);
        again.deleteTarget();
        // And the pinned snapshot still equals upstream at its serial.
        assertThat(new ConsistencyChecker(index(), infra.simulator().baseUrl()).crawl("/snapshots/" + pinnedSnapshot).violations()).isEmpty();
    }

    @Test
    @Order(3)
    void negativeControlAnIndexServingTheNewestPagesIsCaught() throws Exception {
        // Hand publishing over to an index server that ignores the servability rule.
        indexLoops.stop();
        leaderLock.release(SnapshotPublisher.ROLE);
        Map<String, String> props = new LinkedHashMap<>(infra.properties());
        props.put("server.port", "0");
        props.put("landfall.index.unsafe-serve-newest", "true");
        props.put("landfall.index.publish-interval", "100ms");
        props.put("landfall.index.snapshot-poll-interval", "100ms");
        infra.simulator().get().setChurnPerSecond(8);
        try (ConfigurableApplicationContext unsafe = new SpringApplicationBuilder(IndexServerApplication.class)
                .run(MirrorInfrastructure.commandLine(props))) {
            String base = "http://127.0.0.1:" + unsafe.getEnvironment().getProperty("local.server.port");
            ConsistencyChecker checker = new ConsistencyChecker(base, infra.simulator().baseUrl());
            long lastSafe = currentSnapshot(index());
            List<String> caught = new ArrayList<>();
            int[] crawls = {0};
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                ConsistencyChecker.Report report = checker.crawl();
                crawls[0]++;
                // Only content violations of a snapshot the unsafe publisher made count (not start-up noise).
                if (report.snapshot() > lastSafe) {
                    report.violations().stream().filter(v -> v.contains("oracle serial") || v.contains("differs")).forEach(caught::add);
                }
                return !caught.isEmpty();
            });
            assertThat(caught).isNotEmpty();
            System.out.printf("ConsistencyIT negative control: caught after %d crawls, e.g. %s%n", crawls[0], caught.get(0));
        } finally {
            infra.simulator().get().setChurnPerSecond(0);
        }
    }
}
