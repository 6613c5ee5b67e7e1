package dev.landfall.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** With faults off, what the pages say is exactly what the oracle says, now and at any past serial. */
class OracleConsistencyIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static PypiSimulator sim;
    private final Http http = new Http();

    @BeforeAll
    static void start() {
        sim = PypiSimulator.start(SimulatorConfig.builder().seed(5).projects(200).build());
        sim.advance(300);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** Every project page (simple JSON) at the current serial, as an {@link OracleState}. */
    private OracleState crawl() {
        long serial = sim.lastSerial();
        JsonNode root = JSON.readTree(http.get(sim.baseUrl() + "/simple/", "Accept", Http.PIP_ACCEPT).body());
        assertThat(root.path("meta").path("_last-serial").asLong()).isEqualTo(serial);
        Map<String, OracleState.OracleProject> projects = new TreeMap<>();
        for (JsonNode entry : root.path("projects")) {
            String name = entry.path("name").asString().replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
            OracleState.OracleProject served = page(sim, name);
            assertThat(served).as(name).isNotNull();
            assertThat(entry.path("_last-serial").asLong()).isEqualTo(served.serial());
            projects.put(name, served);
        }
        return new OracleState(serial, projects);
    }

    /** The project's simple JSON page as the oracle would describe it, or null for a 404. */
    private OracleState.@Nullable OracleProject page(PypiSimulator sim, String name) {
        HttpResponse<byte[]> r = http.get(sim.baseUrl() + "/simple/" + name + "/", "Accept", Http.PIP_ACCEPT);
        if (r.statusCode() == 404) {
            return null;
        }
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode page = JSON.readTree(r.body());
        long stamp = page.path("meta").path("_last-serial").asLong();
        assertThat(r.headers().firstValue("X-PyPI-Last-Serial")).hasValue(Long.toString(stamp));
        List<OracleState.OracleFile> files = new ArrayList<>();
        for (JsonNode f : page.path("files")) {
            String filename = f.path("filename").asString();
            JsonNode yanked = f.path("yanked");
            JsonNode core = f.path("core-metadata");
            String version = versionFromFilename(filename);
            files.add(new OracleState.OracleFile(filename, version,
                    f.path("url").asString().substring(sim.baseUrl().length()),
                    f.path("hashes").path("sha256").asString(), f.path("size").asLong(),
                    !(yanked.isBoolean() && !yanked.asBoolean()),
                    yanked.isString() ? yanked.asString() : yanked.asBoolean() ? "" : null,
                    f.path("requires-python").isNull() ? null : f.path("requires-python").asString(),
                    core.isObject() ? core.path("sha256").asString() : null, f.path("upload-time").asString()));
        }
        return new OracleState.OracleProject(stamp, page.path("project-status").path("status").asString(), files);
    }

    private static String versionFromFilename(String filename) {
        String stem = filename.endsWith(".tar.gz") ? filename.substring(0, filename.length() - 7) : filename;
        String[] parts = stem.split("-");
        return filename.endsWith(".tar.gz") ? parts[parts.length - 1] : parts[1];
    }

    @Test
    void servedStateEqualsTheOracleAtTheCurrentSerial() {
        OracleState served = crawl();
        OracleState oracle = sim.oracle(sim.lastSerial());
        assertThat(served.projects().keySet()).isEqualTo(oracle.projects().keySet());
        for (String p : oracle.projects().keySet()) {
            assertThat(served.projects().get(p)).as(p).isEqualTo(oracle.projects().get(p));
        }
    }

    @Test
    void theOracleAtAnOldSerialEqualsWhatThePagesSaidThen() {
        OracleState recorded = crawl();
        long w = recorded.serial();
        String recordedHttpOracle = Http.text(http.get(sim.baseUrl() + "/_sim/oracle?serial=" + w));
        sim.advance(250);
        assertThat(sim.lastSerial()).isGreaterThan(w);
        OracleState past = sim.oracle(w);
        assertThat(past).isEqualTo(recorded);
        assertThat(Http.text(http.get(sim.baseUrl() + "/_sim/oracle?serial=" + w))).isEqualTo(recordedHttpOracle);
        // Negative control: the oracle now differs from what was recorded.
        assertThat(sim.oracle(sim.lastSerial())).isNotEqualTo(recorded);
    }

    @Test
    void removedProjectsAreAbsentFromTheOracleAndAnswer404() {
        sim.advance(400);
        long now = sim.lastSerial();
        OracleState oracle = sim.oracle(now);
        String removed = null;
        String xml = Http.text(http.post(sim.baseUrl() + "/pypi", "text/xml",
                Http.xmlRpc("changelog_since_serial", Http.intParam(0))));
        Matcher m = Pattern.compile(
                "<value><string>([^<]+)</string></value>\n<value><nil/></value>\n<value><int>\\d+</int></value>\n"
                        + "<value><string>remove project</string></value>").matcher(xml);
        if (m.find()) {
            removed = m.group(1).replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
        }
        assertThat(removed).isNotNull();
        assertThat(oracle.projects()).doesNotContainKey(removed);
        assertThat(http.get(sim.baseUrl() + "/simple/" + removed + "/").statusCode()).isEqualTo(404);
    }

    @Test
    void underChurnEveryPageEqualsTheOracleAtItsOwnStamp() {
        try (PypiSimulator churning = PypiSimulator.start(SimulatorConfig.builder().seed(6).projects(60)
                .churnPerSecond(100).build())) {
            List<String> names = new ArrayList<>(
                    churning.oracle(churning.lastSerial()).projects().keySet());
            long start = churning.lastSerial();
            int checked = 0;
            for (int i = 0; i < 150; i++) {
                String name = names.get(i % names.size());
                OracleState.OracleProject served = page(churning, name);
                if (served == null) {
                    continue; // removed meanwhile
                }
                // A page may be stamped by a transaction whose last serial is being published right now.
                Awaitility.await().pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> churning.lastSerial() >= served.serial());
                assertThat(served).as(name).isEqualTo(churning.oracle(served.serial()).projects().get(name));
                checked++;
            }
            assertThat(checked).isGreaterThan(100);
            assertThat(churning.lastSerial()).isGreaterThan(start);
        }
    }

    @Test
    void oracleIsFastEnoughForManyCalls() {
        long start = System.nanoTime();
        long last = sim.lastSerial();
        for (int i = 0; i < 100; i++) {
            sim.oracle(last - i * 7L);
        }
        // ~0.2 s on an idle machine; generous because the build machine is shared.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }
}
