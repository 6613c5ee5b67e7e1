package dev.landfall.admin.view;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.admin.AdminServerConfiguration;
import dev.landfall.fetcher.FetcherConfiguration;
import dev.landfall.index.IndexServerConfiguration;
import dev.landfall.poller.PollerConfiguration;
import dev.landfall.simulator.CoupledRelease;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.OracleState.OracleFile;
import dev.landfall.simulator.PypiSimulator;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.MirrorInfrastructure;
import dev.landfall.testsupport.Pip;
import dev.landfall.testsupport.consistency.ConsistencyChecker;
import dev.landfall.testsupport.consistency.ViewFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Team views end to end (README "Team views"), the whole mirror in one context with the admin server: a view with
 * a cooldown and a block pattern, created through the admin API, serves at W exactly the oracle at W filtered by
 * its policy (current and pinned; the filtered comparison has negative controls), pip through it installs the
 * release that is older than the cooldown while {@code /simple/} installs the newest, a view seeded from
 * properties is applied once, and the admin API creates, updates and deletes views.
 */
@SpringBootTest(classes = TeamViewIT.Mirror.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "landfall.admin.token=" + TeamViewIT.TOKEN,
        "landfall.poller.interval=200ms",
        "landfall.fetcher.concurrency=8",
        "landfall.fetcher.max-poll-records=200",
        "landfall.index.publish-interval=100ms",
        "landfall.index.snapshot-poll-interval=100ms",
        "landfall.index.views.refresh-interval=100ms",
        "landfall.views.seeded.block=zzz-*",
        "landfall.views.seeded.exclude-prereleases=true",
        "logging.level.dev.landfall.fetcher=ERROR",
        "spring.jpa.open-in-view=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeamViewIT {

    static final String TOKEN = "team-view-it-token-91ab";
    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    private static final Pattern FINAL = Pattern.compile("\\d+(\\.\\d+)*(\\.post\\d+)?");

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PollerConfiguration.class, FetcherConfiguration.class, IndexServerConfiguration.class, AdminServerConfiguration.class})
    static class Mirror {
    }

    @RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
            .withSimulator(SimulatorConfig.builder().seed(29).projects(40).port(0).churnPerSecond(0).faults(Faults.none())
                    .largeFiles(0).build());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired ViewSeed seed;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    /** The scenario: a coupled release (B needs A==vA) younger than the view's cooldown, and a blocked application P. */
    record Scenario(long w, Instant timeOfW, Duration cooldown, String blockGlob, String blocked, CoupledRelease coupled,
                    String olderB) {
    }

    private static Scenario scenario;

    @Test
    @Order(1)
    void aViewWithACooldownAndABlockPatternServesTheOracleAtWFilteredByItsPolicy() throws Exception {
        PypiSimulator sim = infra.simulator().get();
        awaitSnapshot(sim.lastSerial());
        // Changelog entries after the initial sync carry upstream's (synthetic) times: W's time comes from them.
        sim.advance(200);
        long w = sim.lastSerial();
        awaitSnapshot(w);
        scenario = choose(sim, w);

        HttpResponse<String> created = admin("PUT", "/admin/views/team-a", """
                {"block":["%s"],"cooldown":"%ds"}""".formatted(scenario.blockGlob(), scenario.cooldown().toSeconds()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/t/team-a/simple/", JSON).statusCode() == 200);

        ConsistencyChecker.Report report = new ConsistencyChecker(index(), infra.simulator().baseUrl()).withView(filter(scenario.cooldown()))
                .crawl("/t/team-a");
        assertThat(report.violations()).as("violations").isEmpty();
        assertThat(report.snapshot()).isEqualTo(w);
        // The policy did bite: the blocked project and the young coupled release are gone, B's older release is there.
        HttpResponse<String> root = get("/t/team-a/simple/", JSON);
        assertThat(root.headers().firstValue("X-Landfall-View")).hasValue("team-a");
        assertThat(json.readTree(root.body()).path("projects").findValuesAsString("name")).doesNotContain(scenario.blocked());
        assertThat(get("/t/team-a/simple/" + scenario.blocked() + "/", JSON).statusCode()).isEqualTo(404);
        JsonNode page = json.readTree(get("/t/team-a/simple/" + scenario.coupled().project() + "/", JSON).body());
        assertThat(page.path("versions").valueStream().map(JsonNode::asString).toList())
                .contains(scenario.olderB()).doesNotContain(scenario.coupled().version());
        assertThat(get("/t/no-such-team/simple/", JSON).statusCode()).as("unknown view").isEqualTo(404);
        System.out.printf("TeamViewIT: W=%d, W's time %s, cooldown %s hides %s==%s and %s==%s, block %s; %d projects, %d files, 0 violations%n",
                w, scenario.timeOfW(), scenario.cooldown(), scenario.coupled().project(), scenario.coupled().version(),
                scenario.coupled().requires(), scenario.coupled().requiresVersion(), scenario.blockGlob(), report.projects(), report.files());
    }

    @Test
    @Order(2)
    void thePinnedViewUrlServesTheSameFilteredCut() throws Exception {
        ConsistencyChecker.Report report = new ConsistencyChecker(index(), infra.simulator().baseUrl()).withView(filter(scenario.cooldown()))
                .crawl("/t/team-a/snapshots/" + scenario.w());
        assertThat(report.violations()).isEmpty();
        assertThat(report.snapshot()).isEqualTo(scenario.w());
        assertThat(get("/t/team-a/snapshots/" + scenario.w() + "/simple/", JSON).headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("immutable"));
    }

    @Test
    @Order(3)
    void negativeControlsTheFilteredComparisonFailsForAWrongPolicyOrTheUnfilteredIndex() throws Exception {
        ConsistencyChecker plain = new ConsistencyChecker(index(), infra.simulator().baseUrl());
        assertThat(plain.withView(filter(Duration.ZERO)).crawl("/t/team-a").violations())
                .as("expecting no cooldown").anyMatch(v -> v.contains("file set differs") || v.contains("project set differs"));
        ViewFilter noBlock = new ViewFilter(List.of(), List.of(), false, List.of(), scenario.cooldown(), this::timeOf);
        assertThat(plain.withView(noBlock).crawl("/t/team-a").violations())
                .as("expecting no block").anyMatch(v -> v.contains("project set differs"));
        assertThat(plain.withView(filter(scenario.cooldown())).crawl(null).violations())
                .as("the unfiltered /simple/ is not the view").isNotEmpty();
        assertThat(plain.crawl("/t/team-a").violations()).as("the view is not the unfiltered oracle").isNotEmpty();
    }

    @Test
    @Order(4)
    void pipThroughTheViewInstallsTheReleaseOlderThanTheCooldown() throws Exception {
        Pip pip = new Pip().withTimeout(Duration.ofMinutes(2));
        CoupledRelease c = scenario.coupled();
        Pip.Result viewed = pip.install(index() + "/t/team-a/simple/", c.project());
        assertThat(viewed.exitCode()).as(viewed.output()).isZero();
        assertThat(viewed.installed()).containsEntry(c.project(), scenario.olderB());
        assertThat(viewed.installed().get(c.requires())).isNotEqualTo(c.requiresVersion());
        viewed.deleteTarget();
        // Control: the default view installs the newest, coupled pair.
        Pip.Result plain = pip.install(index() + "/simple/", c.project());
        assertThat(plain.exitCode()).as(plain.output()).isZero();
        assertThat(plain.installed()).containsEntry(c.project(), c.version()).containsEntry(c.requires(), c.requiresVersion());
        plain.deleteTarget();
        // The pinned view URL installs the same as the current one.
        Pip.Result pinned = pip.install(index() + "/t/team-a/snapshots/" + scenario.w() + "/simple/", c.project());
        assertThat(pinned.exitCode()).as(pinned.output()).isZero();
        assertThat(pinned.installed()).containsEntry(c.project(), scenario.olderB());
        pinned.deleteTarget();
    }

    @Test
    @Order(5)
    void aViewSeededFromPropertiesIsServedAndSeedingAgainChangesNothing() throws Exception {
        JsonNode views = json.readTree(admin("GET", "/admin/views", null).body());
        assertThat(views.findValuesAsString("name")).contains("seeded", "team-a");
        assertThat(get("/t/seeded/simple/", JSON).statusCode()).isEqualTo(200);
        assertThat(seed.apply()).as("rows written by a second seed").isZero();
    }

    @Test
    @Order(6)
    void theAdminApiUpdatesAndDeletesAViewAndRefusesBadOnes() throws Exception {
        HttpResponse<String> updated = admin("PUT", "/admin/views/team-a", """
                {"block":["%s"],"cooldown":"0s"}""".formatted(scenario.blockGlob()));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        // Without the cooldown the coupled release appears in the view (the update is served within the refresh interval).
        await().atMost(Duration.ofSeconds(10)).until(() -> json.readTree(get("/t/team-a/simple/" + scenario.coupled().project() + "/", JSON).body())
                .path("versions").valueStream().map(JsonNode::asString).toList().contains(scenario.coupled().version()));
        assertThat(admin("PUT", "/admin/views/Team_A", "{}").statusCode()).as("bad name").isEqualTo(400);
        assertThat(admin("PUT", "/admin/views/team-b", "{\"block\":[\"a b\"]}").statusCode()).as("bad pattern").isEqualTo(400);
        assertThat(admin("PUT", "/admin/views/team-b", "{\"cooldown\":\"soon\"}").statusCode()).as("bad cooldown").isEqualTo(400);
        assertThat(send("PUT", "/admin/views/team-b", "{}", null).statusCode()).as("no token").isEqualTo(401);

        assertThat(admin("DELETE", "/admin/views/team-a", null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/t/team-a/simple/", JSON).statusCode() == 404);
        assertThat(admin("DELETE", "/admin/views/team-a", null).statusCode()).as("already gone").isEqualTo(404);
        assertThat(admin("GET", "/admin/views/team-a", null).statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- helpers

    private ViewFilter filter(Duration cooldown) {
        return new ViewFilter(List.of(), List.of(scenario.blockGlob()), false, List.of(), cooldown, this::timeOf);
    }

    /** W's time as README "Team views" defines it: the ledger's time of its greatest serial ≤ W. */
    private Instant timeOf(long w) {
        return jdbc.queryForObject("SELECT occurred_at FROM changelog_entry WHERE serial <= ? ORDER BY serial DESC LIMIT 1",
                Timestamp.class, w).toInstant();
    }

    /**
     * A coupled release after the initial sync whose application B has an older installable final release
     * uploaded before A's coupled release vA, the cooldown that hides exactly vA and what follows it, and an
     * application P still shown under that cooldown to block.
     */
    private Scenario choose(PypiSimulator sim, long w) {
        OracleState atW = sim.oracle(w);
        Instant timeOfW = timeOf(w);
        long s0 = jdbc.queryForObject("SELECT ledger_floor FROM poller_state WHERE id = 1", Long.class);
        List<CoupledRelease> coupled = sim.coupled(w).stream().filter(c -> c.serial() > s0)
                .sorted(Comparator.comparingLong(CoupledRelease::serial).reversed()).toList();
        for (CoupledRelease c : coupled) {
            Instant va = atW.projects().get(c.requires()).files().stream().filter(f -> f.version().equals(c.requiresVersion()))
                    .map(f -> Instant.parse(f.uploadTime())).min(Comparator.naturalOrder()).orElseThrow();
            Duration cooldown = Duration.ofSeconds(timeOfW.getEpochSecond() - va.getEpochSecond() + 1);
            Instant cutoff = timeOfW.minus(cooldown);
            Optional<String> olderB = installable(atW.projects().get(c.project()).files(), cutoff);
            Optional<String> olderA = installable(atW.projects().get(c.requires()).files(), cutoff);
            Optional<String> blocked = coupled.stream().map(CoupledRelease::project)
                    .filter(p -> !p.equals(c.project()) && !p.equals(c.requires()))
                    .filter(p -> atW.projects().containsKey(p) && installable(atW.projects().get(p).files(), cutoff).isPresent())
                    .findFirst();
            if (olderB.isPresent() && olderA.isPresent() && blocked.isPresent()) {
                String p = blocked.get();
                return new Scenario(w, timeOfW, cooldown, p.substring(0, p.length() - 1) + "?", p, c, olderB.get());
            }
        }
        throw new AssertionError("the simulated world has no coupled release to test the cooldown with");
    }

    /** The version pip picks among files uploaded at or before the cutoff: the newest final one with a pure wheel, not yanked. */
    private static Optional<String> installable(List<OracleFile> files, Instant cutoff) {
        String version = null;
        for (OracleFile f : files) {
            if (!f.yanked() && f.filename().endsWith("-py3-none-any.whl") && FINAL.matcher(f.version()).matches()
                    && !Instant.parse(f.uploadTime()).isAfter(cutoff)) {
                version = f.version();   // files are in upload order, versions increase in upload order
            }
        }
        return Optional.ofNullable(version);
    }

    private void awaitSnapshot(long serial) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Long newest = jdbc.queryForObject("SELECT MAX(serial) FROM snapshot", Long.class);
            return newest != null && newest >= serial && get("/simple/", JSON).headers().firstValue("X-Landfall-Snapshot")
                    .map(Long::parseLong).orElse(-1L) >= serial;
        });
    }

    private String index() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(index() + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(method, path, body, "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(index() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
