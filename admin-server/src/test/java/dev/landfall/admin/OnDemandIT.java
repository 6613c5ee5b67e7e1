package dev.landfall.admin;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.fetcher.FetcherConfiguration;
import dev.landfall.index.IndexServerConfiguration;
import dev.landfall.poller.PollerConfiguration;
import dev.landfall.simulator.CoupledRelease;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.PypiSimulator;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.MirrorInfrastructure;
import dev.landfall.testsupport.Pip;
import dev.landfall.testsupport.consistency.ConsistencyChecker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * On-demand mirroring end to end (docs/decisions/010-on-demand-admission.md): every service in one context, real
 * PostgreSQL, Kafka and S3 API, the simulator upstream, {@code landfall.mirror.mode=on-demand} and an empty
 * allowlist, so the mirror starts with no project at all. The current pip installs a project with a hard
 * dependency on the first try with its defaults (no retry); the project then follows the changelog; the view
 * restricted to the mirrored set equals upstream at its W; an operator removes a project and it leaves the next
 * snapshot.
 */
@SpringBootTest(classes = OnDemandIT.Mirror.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "landfall.mirror.mode=on-demand",
        "landfall.admin.token=" + OnDemandIT.TOKEN,
        "landfall.poller.interval=200ms",
        "landfall.poller.retry-backoff=100ms",
        "landfall.fetcher.concurrency=8",
        "landfall.fetcher.in-process-attempts=2",
        "landfall.fetcher.in-process-backoff=50ms",
        "landfall.fetcher.retry-delays=300ms,600ms",
        "landfall.index.publish-interval=100ms",
        "landfall.index.snapshot-poll-interval=100ms",
        "logging.level.dev.landfall.fetcher=WARN",
        "spring.jpa.open-in-view=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OnDemandIT {

    static final String TOKEN = "on-demand-it-token-91ab";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PollerConfiguration.class, FetcherConfiguration.class, IndexServerConfiguration.class, AdminServerConfiguration.class})
    static class Mirror {
    }

    @RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
            .withSimulator(SimulatorConfig.builder().seed(29).projects(40).port(0).churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private static CoupledRelease target;

    private String index() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    @Order(1)
    void pipInstallsAProjectAndItsDependencyTheMirrorNeverSawOnTheFirstTry() throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> get("/simple/", null).statusCode() == 200);
        assertThat(rootProjects()).as("an on-demand mirror with no allowlist starts empty").isEmpty();
        // Upstream moves after the poller's initial listing: the table of upstream projects learns from the changelog.
        PypiSimulator sim = infra.simulator().get();
        for (int i = 0; i < 100 && sim.coupled(sim.lastSerial()).isEmpty(); i++) {
            sim.advance(10);
        }
        target = sim.coupled(sim.lastSerial()).stream().max(Comparator.comparingLong(CoupledRelease::serial)).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> currentSnapshot() >= sim.lastSerial());
        // PyPI's serial moves every few seconds; a snapshot is named by its W, so one holding a newly admitted
        // project is the next W (docs/decisions/010-on-demand-admission.md): upstream keeps moving here too.
        sim.setChurnPerSecond(2);

        long started = System.nanoTime();
        Pip.Result r = new Pip().install(index() + "/simple/", target.project() + "==" + target.version());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.installed()).containsEntry(target.project(), target.version())
                .containsEntry(target.requires(), target.requiresVersion());
        assertThat(r.output()).as("pip needed no retry").doesNotContain("Retrying");
        r.deleteTarget();
        assertThat(rootProjects()).contains(target.project(), target.requires());
        System.out.printf("OnDemandIT: pip installed %s==%s (needs %s==%s) from an empty on-demand mirror in %d ms%n",
                target.project(), target.version(), target.requires(), target.requiresVersion(), millis);

        ConsistencyChecker.Report report = checker().crawl();
        assertThat(report.violations()).isEmpty();
        assertThat(report.projects()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void anUnknownNameIsAnswered404AtOnceAndAnInvalidOneNeverLookedUp() throws Exception {
        long started = System.nanoTime();
        assertThat(get("/simple/landfall-no-such-project-anywhere/", null).statusCode()).isEqualTo(404);
        assertThat(get("/simple/landfall-no-such-project-anywhere/", null).statusCode()).as("negatively cached").isEqualTo(404);
        assertThat((System.nanoTime() - started) / 1_000_000).as("no waiting for an unknown name").isLessThan(3_000);
        assertThat(get("/simple/-not-valid-/", null).statusCode()).isEqualTo(404);
        assertThat(demands()).doesNotContain("landfall-no-such-project-anywhere");
    }

    @Test
    @Order(3)
    void anAdmittedProjectFollowsTheChangelog() throws Exception {
        PypiSimulator sim = infra.simulator().get();
        String project = target.project();
        long before = sim.oracle(sim.lastSerial()).projects().get(project).serial();
        for (int i = 0; i < 400 && sim.oracle(sim.lastSerial()).projects().get(project).serial() == before; i++) {
            sim.advance(5);
        }
        long after = sim.oracle(sim.lastSerial()).projects().get(project).serial();
        assertThat(after).as("upstream churn touched " + project).isGreaterThan(before);
        // Each poll as a new client (one client polling without pause is one cookie-less run); upstream keeps moving,
        // so the page may be newer still.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(index() + "/simple/" + project + "/"))
                    .header("User-Agent", "poll-" + System.nanoTime()).build(), HttpResponse.BodyHandlers.ofString());
            return page.statusCode() == 200 && Long.parseLong(page.headers().firstValue("X-PyPI-Last-Serial").orElse("-1")) >= after;
        });
        ConsistencyChecker.Report report = checker().crawl();
        assertThat(report.violations()).isEmpty();
        assertThat(report.snapshot()).isGreaterThanOrEqualTo(after);
    }

    @Test
    @Order(4)
    void anOperatorRemovesADemandedProjectAndItLeavesTheNextSnapshot() throws Exception {
        String removed = target.requires();
        assertThat(demands()).contains(removed);
        HttpResponse<String> delete = admin("DELETE", "/admin/demands/" + removed);
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !rootProjects().contains(removed));
        HttpResponse<String> gone = http.send(HttpRequest.newBuilder(URI.create(index() + "/simple/" + removed + "/"))
                .header("User-Agent", "after-removal").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);
        assertThat(rootProjects()).contains(target.project());
        JsonNode listed = json.readTree(admin("GET", "/admin/demands").body());
        boolean markedRemoved = false;
        for (JsonNode d : listed) {
            if (d.path("project").asString().equals(removed)) {
                markedRemoved = !d.path("removedAt").isNull() && !d.path("removedAt").isMissingNode();
            }
        }
        assertThat(markedRemoved).isTrue();
        ConsistencyChecker.Report report = checker().crawl();
        assertThat(report.violations()).isEmpty();
    }

    @Test
    @Order(5)
    void aLandedProjectsDependenciesAreDemandedBeforeAnyClientAsksForThem() throws Exception {
        PypiSimulator sim = infra.simulator().get();
        List<String> demanded = demands();
        CoupledRelease fresh = null;
        for (int i = 0; i < 2_000 && fresh == null; i++) {
            sim.advance(1);
            CoupledRelease c = sim.coupled(sim.lastSerial()).stream().max(Comparator.comparingLong(CoupledRelease::serial)).orElseThrow();
            List<OracleState.OracleFile> files = sim.oracle(sim.lastSerial()).projects().get(c.project()).files();
            boolean newestUpload = files.get(files.size() - 1).version().equals(c.version());
            if (newestUpload && !demanded.contains(c.project()) && !demanded.contains(c.requires())) {
                fresh = c;
            }
        }
        assertThat(fresh).as("a coupled release of two projects nobody demanded yet").isNotNull();
        String app = fresh.project();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(index() + "/simple/" + app + "/"))
                .header("User-Agent", "prefetch-check").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        // Nobody asks for the library: only the prefetch of the app's dependencies can bring it in.
        String library = fresh.requires();
        await().atMost(Duration.ofSeconds(60)).until(() -> rootProjects().contains(library));
        assertThat(demands()).contains(library);
        ConsistencyChecker.Report report = checker().crawl();
        assertThat(report.violations()).isEmpty();
    }

    /** The view restricted to the mirrored set: the demanded projects an operator has not removed. */
    private ConsistencyChecker checker() throws Exception {
        Set<String> mirrored = new TreeSet<>();
        for (JsonNode d : json.readTree(admin("GET", "/admin/demands").body())) {
            if (d.path("removedAt").isNull() || d.path("removedAt").isMissingNode()) {
                mirrored.add(d.path("project").asString());
            }
        }
        return new ConsistencyChecker(index(), infra.simulator().baseUrl(), 4).restrictedTo(mirrored);
    }

    private List<String> demands() throws Exception {
        HttpResponse<String> r = admin("GET", "/admin/demands");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json.readTree(r.body()).forEach(d -> names.add(d.path("project").asString()));
        return names;
    }

    private Set<String> rootProjects() throws Exception {
        Set<String> names = new TreeSet<>();
        json.readTree(get("/simple/", "application/vnd.pypi.simple.v1+json").body()).path("projects")
                .forEach(p -> names.add(p.path("name").asString()));
        return names;
    }

    private long currentSnapshot() throws Exception {
        return Long.parseLong(get("/simple/", null).headers().firstValue("X-Landfall-Snapshot").orElse("-1"));
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(index() + path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(index() + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }
}
