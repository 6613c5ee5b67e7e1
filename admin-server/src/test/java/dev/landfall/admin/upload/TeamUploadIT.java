package dev.landfall.admin.upload;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.admin.AdminServerConfiguration;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.fetcher.FetcherConfiguration;
import dev.landfall.index.IndexServerConfiguration;
import dev.landfall.index.view.TeamViews;
import dev.landfall.poller.PollerConfiguration;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.OracleState.OracleFile;
import dev.landfall.simulator.PypiSimulator;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.MirrorInfrastructure;
import dev.landfall.testsupport.Pip;
import dev.landfall.testsupport.PythonClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
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
 * Team uploads end to end (README "Team views", docs/decisions/011-team-uploads.md), the whole mirror in one context:
 * real twine and {@code uv publish} upload wheels and sdists with team tokens created through the admin API; pip
 * installs the private package together with its PyPI dependency at W from the view; a repeated filename, a corrupt
 * upload (digest mismatch) and bad forms are refused with nothing stored; a public name needs a claim; a public
 * project created later under the private name stays hidden in the view; a read-protected view needs a read token
 * (pip from the URL) while {@code /simple/} stays open; path tricks never reach another team's view; wrong-team,
 * wrong-scope, revoked and missing tokens are refused and audited, then rate-limited.
 */
@SpringBootTest(classes = TeamUploadIT.Mirror.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "landfall.admin.token=" + TeamUploadIT.ADMIN,
        "landfall.admin.max-failed-attempts=12",
        "landfall.index.views.max-failed-attempts=8",
        // Deliberate read refusals come "from" distinct X-Forwarded-For clients, so pip's own requests are not locked out.
        "landfall.index.trusted-proxies=127.0.0.1/32",
        "landfall.poller.interval=200ms",
        "landfall.fetcher.concurrency=8",
        "landfall.fetcher.max-poll-records=200",
        "landfall.index.publish-interval=100ms",
        "landfall.index.snapshot-poll-interval=100ms",
        "landfall.index.views.refresh-interval=100ms",
        "spring.servlet.multipart.max-file-size=50MB",
        "spring.servlet.multipart.max-request-size=60MB",
        "logging.level.dev.landfall.fetcher=ERROR",
        "spring.jpa.open-in-view=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeamUploadIT {

    static final String ADMIN = "team-upload-it-admin-7c2e";
    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    private static final Pattern FINAL = Pattern.compile("\\d+(\\.\\d+)*");
    private static final String PRIVATE = "acme-internal";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PollerConfiguration.class, FetcherConfiguration.class, IndexServerConfiguration.class, AdminServerConfiguration.class})
    static class Mirror {
    }

    @RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
            .withSimulator(SimulatorConfig.builder().seed(31).projects(30).port(0).churnPerSecond(0).faults(Faults.none())
                    .largeFiles(0).build());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired BlobStore blobs;
    @Autowired TeamViews teamViews;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    /** Shared between the ordered steps. */
    private static final Map<String, String> tokens = new ConcurrentHashMap<>();
    private static String dependency;
    private static String dependencyVersion;
    private static String publicName;
    private static Path dists;

    @Test
    @Order(1)
    void theAdminApiCreatesViewsAndTokensAndShowsATokenOnlyOnce() throws Exception {
        PypiSimulator sim = infra.simulator().get();
        awaitSnapshot(sim.lastSerial());
        long w = sim.lastSerial();
        OracleState atW = sim.oracle(w);
        // A PyPI project the private package depends on, and a PyPI name to try the confusion guard with.
        for (Map.Entry<String, OracleState.OracleProject> p : atW.projects().entrySet()) {
            Optional<String> v = installable(p.getValue().files());
            if (v.isPresent() && dependency == null) {
                dependency = p.getKey();
                dependencyVersion = v.get();
            } else if (publicName == null && !p.getValue().files().isEmpty()) {
                publicName = p.getKey();
            }
        }
        assertThat(dependency).isNotNull();
        assertThat(publicName).isNotNull();
        for (String view : List.of("team-a", "team-b")) {
            assertThat(admin("PUT", "/admin/views/" + view, "{}").statusCode()).isEqualTo(201);
        }
        tokens.put("a-upload", createToken("team-a", "upload"));
        tokens.put("a-read", createToken("team-a", "read"));
        tokens.put("a-revoked", createToken("team-a", "upload"));
        tokens.put("b-upload", createToken("team-b", "upload"));
        tokens.put("b-read", createToken("team-b", "read"));
        HttpResponse<String> listed = admin("GET", "/admin/views/team-a/tokens", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(listed.body()).size()).isEqualTo(3);
        assertThat(listed.body()).doesNotContain(tokens.get("a-upload")).doesNotContain("lft_");
        String stored = jdbc.queryForObject("SELECT token_sha256 FROM team_token WHERE id = ?", String.class, idOf(tokens.get("a-upload")));
        assertThat(stored).isEqualTo(sha256(tokens.get("a-upload").getBytes(StandardCharsets.UTF_8)));
        assertThat(admin("POST", "/admin/views/team-a/tokens", "{\"scope\":\"admin\"}").statusCode()).as("bad scope").isEqualTo(400);
        assertThat(admin("POST", "/admin/views/nope/tokens", "{\"scope\":\"read\"}").statusCode()).as("no view").isEqualTo(404);
        assertThat(send("POST", "/admin/views/team-a/tokens", "{\"scope\":\"read\"}", null).statusCode()).as("no admin token").isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/t/team-a/simple/", JSON, null).statusCode() == 200);

        dists = Files.createTempDirectory("landfall-dists-");
        makeDists(PRIVATE, "0.0.1", dependency);
        makeDists("acme-tools", "2.0.0");
        makeDists(publicName, "0.0.1");
    }

    @Test
    @Order(2)
    void twineUploadsAWheelAndAnSdistAndTheViewServesThem() throws Exception {
        long before = localSerial("team-a");
        Run twine = twine("team-a", tokens.get("a-upload"), wheel(PRIVATE, "0.0.1"), sdist(PRIVATE, "0.0.1"));
        assertThat(twine.exitCode()).as(twine.output()).isZero();
        assertThat(localSerial("team-a")).isEqualTo(before + 2);
        // The view serves them within the refresh interval.
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/t/team-a/simple/" + PRIVATE + "/", JSON, null).statusCode() == 200);
        HttpResponse<String> page = get("/t/team-a/simple/" + PRIVATE + "/", JSON, null);
        assertThat(page.headers().firstValue("X-Landfall-View-Serial")).hasValue(Long.toString(before + 2));
        JsonNode files = json.readTree(page.body()).path("files");
        assertThat(files.findValuesAsString("filename")).containsExactly(wheel(PRIVATE, "0.0.1").getFileName().toString(),
                sdist(PRIVATE, "0.0.1").getFileName().toString());
        for (JsonNode f : files) {
            Path local = dists.resolve(f.path("filename").asString());
            byte[] served = getBytes(f.path("url").asString());
            assertThat(sha256(served)).isEqualTo(f.path("hashes").path("sha256").asString()).isEqualTo(sha256(Files.readAllBytes(local)));
            byte[] metadata = getBytes(f.path("url").asString() + ".metadata");
            assertThat(sha256(metadata)).isEqualTo(f.path("core-metadata").path("sha256").asString());
            assertThat(new String(metadata, StandardCharsets.UTF_8)).contains("Name: " + PRIVATE).contains("Version: 0.0.1");
        }
        HttpResponse<String> html = get("/t/team-a/simple/" + PRIVATE + "/", "text/html", null);
        assertThat(html.body()).contains("data-core-metadata=\"sha256=").contains("#sha256=");
        HttpResponse<String> root = get("/t/team-a/simple/", JSON, null);
        assertThat(json.readTree(root.body()).path("projects").findValuesAsString("name")).contains(PRIVATE, dependency);
        assertThat(root.headers().firstValue("X-Landfall-View-Serial")).hasValue(Long.toString(before + 2));
        // Neither another team's view nor the default view shows it.
        assertThat(get("/t/team-b/simple/" + PRIVATE + "/", JSON, null).statusCode()).isEqualTo(404);
        assertThat(get("/simple/" + PRIVATE + "/", JSON, null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void pipInstallsThePrivatePackageWithItsPypiDependencyFromTheView() throws Exception {
        Pip.Result result = new Pip().withTimeout(Duration.ofMinutes(2)).install(index() + "/t/team-a/simple/", PRIVATE);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.installed()).containsEntry(PRIVATE, "0.0.1").containsEntry(dependency, dependencyVersion);
        result.deleteTarget();
    }

    @Test
    @Order(4)
    void aSecondUploadOfTheSameFilenameIsRefusedWithAMessageTwinePrints() throws Exception {
        long before = localSerial("team-a");
        Run twine = twine("team-a", tokens.get("a-upload"), wheel(PRIVATE, "0.0.1"));
        assertThat(twine.exitCode()).isNotZero();
        assertThat(twine.output()).contains("400").contains("File already exists");
        assertThat(localSerial("team-a")).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM private_file WHERE view_name = 'team-a'", Integer.class)).isEqualTo(2);
    }

    @Test
    @Order(5)
    void aCorruptOrMalformedUploadIsRefusedAndNothingIsStored() throws Exception {
        long before = localSerial("team-a");
        int objects = blobs.list("packages/t/").size();
        int pages = blobs.list("views/").size();
        Path wheel = wheel("acme-tools", "2.0.0");
        byte[] content = Files.readAllBytes(wheel);
        String filename = wheel.getFileName().toString();
        Map<String, String> good = form("acme-tools", "2.0.0", "bdist_wheel", sha256(content));
        Map<String, String> wrongDigest = new HashMap<>(good);
        wrongDigest.put("sha256_digest", sha256("something else".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> corrupt = upload("team-a", tokens.get("a-upload"), wrongDigest, filename, content);
        assertThat(corrupt.statusCode()).as(corrupt.body()).isEqualTo(400);
        assertThat(corrupt.body()).contains("Digest mismatch");
        byte[] flipped = content.clone();
        flipped[flipped.length / 2] ^= 1;
        HttpResponse<String> changedBytes = upload("team-a", tokens.get("a-upload"), good, filename, flipped);
        assertThat(changedBytes.statusCode()).as(changedBytes.body()).isEqualTo(400);
        assertThat(changedBytes.body()).contains("Digest mismatch");
        Map<String, String> wrongName = new HashMap<>(good);
        wrongName.put("name", "acme-other");
        assertThat(upload("team-a", tokens.get("a-upload"), wrongName, filename, content).body()).contains("does not match");
        Map<String, String> wrongVersion = new HashMap<>(good);
        wrongVersion.put("version", "2.0.1");
        assertThat(upload("team-a", tokens.get("a-upload"), wrongVersion, filename, content).statusCode()).isEqualTo(400);
        assertThat(upload("team-a", tokens.get("a-upload"), good, "acme-tools-2.0.0.egg", content).body()).contains("Invalid distribution filename");
        assertThat(upload("team-a", tokens.get("a-upload"), good, "../" + filename, content).statusCode()).isEqualTo(400);
        byte[] notAZip = "not a wheel".getBytes(StandardCharsets.UTF_8);
        assertThat(upload("team-a", tokens.get("a-upload"), form("acme-tools", "2.0.0", "bdist_wheel", sha256(notAZip)),
                filename, notAZip).body()).contains("no readable core metadata");
        assertThat(localSerial("team-a")).isEqualTo(before);
        assertThat(blobs.list("packages/t/").size()).as("uploaded objects").isEqualTo(objects);
        assertThat(blobs.list("views/").size()).as("page objects").isEqualTo(pages);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM private_file WHERE project = 'acme-tools'", Integer.class)).isZero();
        // Negative control: the same hand-made request with the right digest lands, so the refusals above were the checks'.
        HttpResponse<String> ok = upload("team-a", tokens.get("a-upload"), good, filename, content);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(localSerial("team-a")).isEqualTo(before + 1);
        assertThat(blobs.list("packages/t/").size()).isEqualTo(objects + 2);
    }

    @Test
    @Order(6)
    void uvPublishUploadsToo() throws Exception {
        long before = localSerial("team-a");
        Run uv = uvPublish("team-a", tokens.get("a-upload"), sdist("acme-tools", "2.0.0"));
        assertThat(uv.exitCode()).as(uv.output()).isZero();
        assertThat(localSerial("team-a")).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> json.readTree(get("/t/team-a/simple/acme-tools/", JSON, null).body())
                .path("files").size() == 2);
        Run again = uvPublish("team-a", tokens.get("a-upload"), sdist("acme-tools", "2.0.0"));
        assertThat(again.exitCode()).as(again.output()).isNotZero();
        assertThat(again.output()).contains("File already exists");
    }

    @Test
    @Order(7)
    void aPublicNameNeedsAClaimAndAPublicProjectCreatedLaterUnderThePrivateNameStaysHidden() throws Exception {
        Run refused = twine("team-a", tokens.get("a-upload"), wheel(publicName, "0.0.1"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("403").contains("needs an operator's claim");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM private_file WHERE project = ?", Integer.class, publicName)).isZero();
        assertThat(admin("PUT", "/admin/views/team-a/claims/" + publicName, null).statusCode()).isEqualTo(201);
        assertThat(admin("GET", "/admin/views/team-a/claims", null).body()).contains(publicName);
        Run claimed = twine("team-a", tokens.get("a-upload"), wheel(publicName, "0.0.1"));
        assertThat(claimed.exitCode()).as(claimed.output()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> json.readTree(get("/t/team-a/simple/" + publicName + "/", JSON, null).body())
                .path("versions").valueStream().map(JsonNode::asString).toList().equals(List.of("0.0.1")));
        assertThat(json.readTree(get("/simple/" + publicName + "/", JSON, null).body()).path("versions").valueStream()
                .map(JsonNode::asString).toList()).as("the default view keeps PyPI's project").isNotEmpty().doesNotContain("0.0.1");

        // Upstream creates a project under the private name, with a higher version.
        PypiSimulator sim = infra.simulator().get();
        String publicVersion = sim.createProject(PRIVATE);
        assertThat(compare(publicVersion, "0.0.1")).isPositive();
        awaitSnapshot(sim.lastSerial());
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/simple/" + PRIVATE + "/", JSON, null).statusCode() == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> teamViews.shadowEvents() >= 2);
        JsonNode viewPage = json.readTree(get("/t/team-a/simple/" + PRIVATE + "/", JSON, null).body());
        assertThat(viewPage.path("versions").valueStream().map(JsonNode::asString).toList()).containsExactly("0.0.1");
        assertThat(viewPage.path("files").findValuesAsString("url")).allMatch(u -> u.startsWith("/packages/t/team-a/"));
        assertThat(json.readTree(get("/simple/" + PRIVATE + "/", JSON, null).body()).path("versions").valueStream()
                .map(JsonNode::asString).toList()).as("negative control: upstream has it").contains(publicVersion);
        Pip.Result viewed = new Pip().withTimeout(Duration.ofMinutes(2)).install(index() + "/t/team-a/simple/", List.of(PRIVATE), List.of("--no-deps"));
        assertThat(viewed.exitCode()).as(viewed.output()).isZero();
        assertThat(viewed.installed()).containsEntry(PRIVATE, "0.0.1");
        viewed.deleteTarget();
        Pip.Result plain = new Pip().withTimeout(Duration.ofMinutes(2)).install(index() + "/simple/", List.of(PRIVATE), List.of("--no-deps"));
        assertThat(plain.exitCode()).as(plain.output()).isZero();
        assertThat(plain.installed()).as("negative control: /simple/ installs the public one").containsEntry(PRIVATE, publicVersion);
        plain.deleteTarget();
    }

    @Test
    @Order(8)
    void aReadProtectedViewNeedsAReadTokenOfThatViewAndSimpleStaysOpen() throws Exception {
        assertThat(admin("PUT", "/admin/views/team-a/access", "{\"readToken\":true}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/t/team-a/simple/", JSON, null, "10.0.0.1").statusCode() == 401);
        HttpResponse<String> none = get("/t/team-a/simple/" + PRIVATE + "/", JSON, null, "10.0.0.2");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(none.body()).doesNotContain(PRIVATE + "-");
        assertThat(get("/t/team-a/simple/", JSON, basic(tokens.get("a-read"))).statusCode()).isEqualTo(200);
        assertThat(get("/t/team-a/simple/", JSON, basic(tokens.get("b-read")), "10.0.0.3").statusCode()).as("other team's token").isEqualTo(403);
        assertThat(get("/t/team-a/simple/", JSON, basic(tokens.get("a-upload")), "10.0.0.4").statusCode()).as("upload scope").isEqualTo(403);
        assertThat(get("/simple/", JSON, null).statusCode()).as("the default view stays open").isEqualTo(200);
        assertThat(get("/t/team-b/simple/", JSON, null).statusCode()).as("an unprotected view stays open").isEqualTo(200);
        String url = "http://__token__:" + tokens.get("a-read") + "@127.0.0.1:" + port + "/t/team-a/simple/";
        Pip.Result pip = new Pip().withTimeout(Duration.ofMinutes(2)).install(url, PRIVATE);
        assertThat(pip.exitCode()).as(pip.output()).isZero();
        assertThat(pip.installed()).containsEntry(PRIVATE, "0.0.1").containsEntry(dependency, dependencyVersion);
        pip.deleteTarget();
        Pip.Result anonymous = new Pip().withTimeout(Duration.ofMinutes(2)).install(index() + "/t/team-a/simple/", PRIVATE);
        assertThat(anonymous.exitCode()).as("negative control: without the token pip fails").isNotZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT DISTINCT outcome FROM team_read_use WHERE view_name = 'team-a'", String.class)
                .containsAll(List.of("accepted", "missing", "wrong-view", "wrong-scope")));
        // Rate limit: 8 refusals a minute from one client, then 429 even with the right token.
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            status = get("/t/team-a/simple/", JSON, basic("lft_000000000000_" + "x".repeat(43)), "10.0.0.9").statusCode();
        }
        assertThat(status).isEqualTo(429);
        HttpResponse<String> limited = get("/t/team-a/simple/", JSON, basic(tokens.get("a-read")), "10.0.0.9");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/t/team-a/simple/", JSON, basic(tokens.get("a-read")), "10.0.0.10").statusCode()).as("another client").isEqualTo(200);
    }

    @Test
    @Order(9)
    void pathTricksNeverReachAnotherTeamsView() throws Exception {
        String bRead = basic(tokens.get("b-read"));
        for (String path : List.of("/t/team-b/../team-a/simple/", "/t/team-b/%2e%2e/team-a/simple/", "/t/team-b%2F..%2Fteam-a/simple/",
                "/t/team-a%2Fsimple/", "/t/team-b/simple/../../team-a/simple/", "/t//team-a/simple/",
                "/t/team-b/simple/%2E%2E/%2E%2E/team-a/simple/", "/t/team-b/simple/..%2F..%2Fteam-a/simple/" + PRIVATE + "/")) {
            RawAnswer a = raw("GET", path, bRead, null);
            assertThat(a.status()).as(path + " → " + a.status()).isNotEqualTo(200);
            assertThat(a.body()).as(path).doesNotContain(PRIVATE + "-");
        }
        // Control: the raw client does reach team-a with team-a's token.
        RawAnswer control = raw("GET", "/t/team-a/simple/" + PRIVATE + "/", basic(tokens.get("a-read")), null, "10.0.1.2");
        assertThat(control.status()).isEqualTo(200);
        assertThat(control.body()).contains(PRIVATE.replace('-', '_') + "-0.0.1");
        // Uploads: another team's token, or a path that resolves into team-a, never land in team-a.
        makeDists("acme-tools", "2.0.1");
        Path wheel = wheel("acme-tools", "2.0.1");
        long before = localSerial("team-a");
        byte[] content = Files.readAllBytes(wheel);
        Map<String, String> form = form("acme-tools", "2.0.1", "bdist_wheel", sha256(content));
        assertThat(upload("team-a", tokens.get("b-upload"), form, wheel.getFileName().toString(), content).statusCode()).isEqualTo(403);
        for (String path : List.of("/t/team-b/../team-a/upload/", "/t/team-b%2F..%2Fteam-a/upload/", "/t/team-b/%2e%2e/team-a/upload/")) {
            RawAnswer a = raw("POST", path, basic(tokens.get("b-upload")), multipart(form, wheel.getFileName().toString(), content));
            assertThat(a.status()).as(path + " → " + a.status() + " " + a.body()).isNotEqualTo(200);
        }
        assertThat(localSerial("team-a")).isEqualTo(before);
        assertThat(admin("PUT", "/admin/views/team-a/access", "{\"readToken\":false}").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(10)
    void wrongTeamReadOnlyRevokedAndMissingTokensAreRefusedAuditedAndRateLimited() throws Exception {
        // Negative control first: the token to be revoked uploads (twine, same arguments as below).
        Run works = twine("team-a", tokens.get("a-revoked"), wheel("acme-tools", "2.0.1"));
        assertThat(works.exitCode()).as(works.output()).isZero();
        assertThat(admin("DELETE", "/admin/views/team-a/tokens/" + idOf(tokens.get("a-revoked")), null).statusCode()).isEqualTo(200);
        assertThat(admin("DELETE", "/admin/views/team-a/tokens/" + idOf(tokens.get("a-revoked")), null).statusCode()).as("twice").isEqualTo(404);
        makeDists("acme-tools", "2.0.2");
        Path next = wheel("acme-tools", "2.0.2");
        long before = localSerial("team-a");
        for (String token : List.of("b-upload", "a-read", "a-revoked")) {
            Run twine = twine("team-a", tokens.get(token), next);
            assertThat(twine.exitCode()).as(token).isNotZero();
            assertThat(twine.output()).as(token).contains("403");
        }
        byte[] content = Files.readAllBytes(next);
        Map<String, String> form = form("acme-tools", "2.0.2", "bdist_wheel", sha256(content));
        HttpResponse<String> missing = upload("team-a", null, form, next.getFileName().toString(), content);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(upload("team-a", "lft_garbage", form, next.getFileName().toString(), content).statusCode()).isEqualTo(403);
        assertThat(localSerial("team-a")).isEqualTo(before);
        List<String> outcomes = jdbc.queryForList("SELECT outcome FROM team_token_use WHERE view_name = 'team-a'", String.class);
        assertThat(outcomes).contains("accepted", "wrong-view", "wrong-scope", "revoked", "missing", "malformed");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM team_token_use WHERE token_id = ? AND outcome = 'revoked'", Integer.class,
                idOf(tokens.get("a-revoked")))).isPositive();
        // Rate limit: 12 refusals a minute from one client, then 429 even with the right token.
        int status = 0;
        for (int i = 0; i < 15 && status != 429; i++) {
            status = upload("team-a", "lft_garbage", form, next.getFileName().toString(), content).statusCode();
        }
        assertThat(status).isEqualTo(429);
        HttpResponse<String> limited = upload("team-a", tokens.get("a-upload"), form, next.getFileName().toString(), content);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(localSerial("team-a")).isEqualTo(before);
    }

    @Test
    @Order(11)
    void theAdminApiYanksUnyanksAndDeletesATeamsOwnFiles() throws Exception {
        String newest = wheel("acme-tools", "2.0.1").getFileName().toString();
        long before = localSerial("team-a");
        HttpResponse<String> yanked = admin("POST", "/admin/views/team-a/files/" + newest + "/yank", "{\"reason\":\"broken build\"}");
        assertThat(yanked.statusCode()).as(yanked.body()).isEqualTo(200);
        assertThat(localSerial("team-a")).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/t/team-a/simple/acme-tools/", JSON, null).body().contains("broken build"));
        assertThat(get("/t/team-a/simple/acme-tools/", "text/html", null).body()).contains("data-yanked=\"broken build\"");
        Pip pip = new Pip().withTimeout(Duration.ofMinutes(2));
        Pip.Result older = pip.install(index() + "/t/team-a/simple/", List.of("acme-tools"), List.of("--no-deps"));
        assertThat(older.exitCode()).as(older.output()).isZero();
        assertThat(older.installed()).containsEntry("acme-tools", "2.0.0");
        older.deleteTarget();
        assertThat(admin("POST", "/admin/views/team-a/files/" + newest + "/unyank", null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !get("/t/team-a/simple/acme-tools/", JSON, null).body().contains("broken build"));
        Pip.Result newer = pip.install(index() + "/t/team-a/simple/", List.of("acme-tools"), List.of("--no-deps"));
        assertThat(newer.exitCode()).as(newer.output()).isZero();
        assertThat(newer.installed()).as("control: un-yanked, the newest is installed again").containsEntry("acme-tools", "2.0.1");
        newer.deleteTarget();

        String sdist = sdist("acme-tools", "2.0.0").getFileName().toString();
        String url = json.readTree(get("/t/team-a/simple/acme-tools/", JSON, null).body()).path("files").valueStream()
                .filter(f -> f.path("filename").asString().equals(sdist)).findFirst().orElseThrow().path("url").asString();
        assertThat(admin("DELETE", "/admin/views/team-a/files/" + sdist, null).statusCode()).isEqualTo(200);
        assertThat(admin("DELETE", "/admin/views/team-a/files/" + sdist, null).statusCode()).as("already deleted").isEqualTo(404);
        assertThat(admin("DELETE", "/admin/views/team-b/files/" + newest, null).statusCode()).as("another team's file").isEqualTo(404);
        await().atMost(Duration.ofSeconds(10)).until(() -> !get("/t/team-a/simple/acme-tools/", JSON, null).body().contains(sdist));
        assertThat(http.send(HttpRequest.newBuilder(URI.create(index() + url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("the deleted file's object").isEqualTo(404);
        assertThat(admin("GET", "/admin/views/team-a/files", null).body()).contains(sdist);
    }

    // ---------------------------------------------------------------- helpers

    record Run(int exitCode, String output) {
    }

    record RawAnswer(int status, String body) {
    }

    private Run twine(String view, String token, Path... files) throws Exception {
        List<String> command = new ArrayList<>(List.of(PythonClients.executable("twine"), "upload", "--repository-url",
                index() + "/t/" + view + "/upload/", "-u", "__token__", "-p", token, "--non-interactive", "--verbose",
                "--disable-progress-bar"));
        for (Path f : files) {
            command.add(f.toString());
        }
        return run(command);
    }

    private Run uvPublish(String view, String token, Path file) throws Exception {
        return run(List.of(PythonClients.executable("uv"), "publish", "--publish-url", index() + "/t/" + view + "/upload/",
                "--token", token, "--trusted-publishing", "never", "--no-cache", file.toString()));
    }

    private static Run run(List<String> command) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("NO_COLOR", "1");
        b.environment().put("UV_NO_PROGRESS", "1");
        b.environment().remove("TWINE_PASSWORD");
        b.environment().remove("UV_PUBLISH_TOKEN");
        Process p = b.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        pump.start();
        boolean done = p.waitFor(3, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        pump.join(10_000);
        synchronized (out) {
            return new Run(done ? p.exitValue() : -1, out.toString(StandardCharsets.UTF_8));
        }
    }

    private static void makeDists(String name, String version, String... requires) throws Exception {
        Path script = dists.resolve("make_dists.py");
        if (!Files.exists(script)) {
            try (InputStream in = Objects.requireNonNull(TeamUploadIT.class.getResourceAsStream("make_dists.py"))) {
                Files.write(script, in.readAllBytes());
            }
        }
        List<String> command = new ArrayList<>(List.of(PythonClients.python(), script.toString(), dists.toString(), name, version));
        command.addAll(List.of(requires));
        Run made = run(command);
        assertThat(made.exitCode()).as(made.output()).isZero();
    }

    private static Path wheel(String name, String version) {
        return dists.resolve(name.replace('-', '_') + "-" + version + "-py3-none-any.whl");
    }

    private static Path sdist(String name, String version) {
        return dists.resolve(name.replace('-', '_') + "-" + version + ".tar.gz");
    }

    private static Map<String, String> form(String name, String version, String filetype, String sha256) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(":action", "file_upload");
        f.put("protocol_version", "1");
        f.put("metadata_version", "2.1");
        f.put("name", name);
        f.put("version", version);
        f.put("filetype", filetype);
        f.put("pyversion", "py3");
        f.put("sha256_digest", sha256);
        return f;
    }

    private static final String BOUNDARY = "----landfall-it-boundary-4c1d";

    private static byte[] multipart(Map<String, String> form, String filename, byte[] content) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : form.entrySet()) {
            body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n" + e.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private HttpResponse<String> upload(String view, @Nullable String token, Map<String, String> form, String filename, byte[] content)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(index() + "/t/" + view + "/upload/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(form, filename, content)))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        if (token != null) {
            b.header("Authorization", basic(token));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request written byte for byte (no client normalizes the path), from its own X-Forwarded-For client. */
    private RawAnswer raw(String method, String path, String authorization, byte @Nullable [] body) throws IOException {
        return raw(method, path, authorization, body, "10.0.1.1");
    }

    private RawAnswer raw(String method, String path, String authorization, byte @Nullable [] body, String forwardedFor) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\nX-Forwarded-For: " + forwardedFor + "\r\nAccept: " + JSON + "\r\n");
            head.append("Authorization: ").append(authorization).append("\r\n");
            if (body != null) {
                head.append("Content-Type: multipart/form-data; boundary=").append(BOUNDARY).append("\r\nContent-Length: ")
                        .append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(answer.substring(9, 12));
            int split = answer.indexOf("\r\n\r\n");
            return new RawAnswer(status, split < 0 ? "" : answer.substring(split + 4));
        }
    }

    private String createToken(String view, String scope) throws Exception {
        HttpResponse<String> created = admin("POST", "/admin/views/" + view + "/tokens", "{\"scope\":\"" + scope + "\",\"description\":\"it\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).path("token").asString();
    }

    private static String idOf(String token) {
        return token.substring(4, 16);
    }

    private static String basic(String token) {
        return "Basic " + Base64.getEncoder().encodeToString(("__token__:" + token).getBytes(StandardCharsets.UTF_8));
    }

    private long localSerial(String view) {
        List<Long> s = jdbc.queryForList("SELECT local_serial FROM team_view_serial WHERE view_name = ?", Long.class, view);
        return s.isEmpty() ? 0 : s.get(0);
    }

    /** The newest final version with a pure wheel, not yanked. */
    private static Optional<String> installable(List<OracleFile> files) {
        String version = null;
        for (OracleFile f : files) {
            if (!f.yanked() && f.filename().endsWith("-py3-none-any.whl") && FINAL.matcher(f.version()).matches()) {
                version = f.version();
            }
        }
        return Optional.ofNullable(version);
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\D+");
        String[] y = b.split("\\D+");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length && !x[i].isEmpty() ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length && !y[i].isEmpty() ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private void awaitSnapshot(long serial) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Long newest = jdbc.queryForObject("SELECT MAX(serial) FROM snapshot", Long.class);
            return newest != null && newest >= serial && get("/simple/", JSON, null).headers().firstValue("X-Landfall-Snapshot")
                    .map(Long::parseLong).orElse(-1L) >= serial;
        });
    }

    private String index() {
        return "http://127.0.0.1:" + port;
    }

    private byte[] getBytes(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(index() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> get(String path, String accept, @Nullable String authorization) throws Exception {
        return get(path, accept, authorization, null);
    }

    private HttpResponse<String> get(String path, String accept, @Nullable String authorization, @Nullable String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(index() + path)).header("Accept", accept);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, @Nullable String body) throws Exception {
        return send(method, path, body, "Bearer " + ADMIN);
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(index() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
