package dev.landfall.fetcher.it;

import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.PypiSimulator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The safety checks of the fetcher ITs, each returning its violations (empty = holds) so a negative control can show
 * it fails on bad data: stored pages equal the simulator's oracle at their serial; every blob re-hashes to what the
 * oracle says; no page version is older than the event that produced it.
 */
final class MirrorChecks {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Row(String project, long serial, String state, String jsonKey, String htmlKey, Long relaxedFrom) { }

    private final JdbcTemplate jdbc;
    private final BlobStore store;
    private final PypiSimulator sim;
    private final Map<Long, OracleState> oracles = new HashMap<>();

    MirrorChecks(JdbcTemplate jdbc, BlobStore store, PypiSimulator sim) {
        this.jdbc = jdbc;
        this.store = store;
        this.sim = sim;
    }

    List<Row> rows() {
        return jdbc.query("SELECT project, serial, state, json_key, html_key, relaxed_from FROM page_version ORDER BY project, serial",
                (rs, i) -> new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        (Long) rs.getObject(6)));
    }

    OracleState oracle(long serial) {
        return oracles.computeIfAbsent(serial, sim::oracle);
    }

    /** Every stored page version equals the oracle at its serial (and is stamped with the project's serial there). */
    List<String> pagesEqualOracle(List<Row> rows) throws Exception {
        List<String> violations = new ArrayList<>();
        for (Row row : rows) {
            OracleState.OracleProject expected = oracle(row.serial()).projects().get(row.project());
            if (row.state().equals("DELETED")) {
                if (expected != null) {
                    violations.add(row + ": tombstone but the project exists at " + row.serial());
                }
                continue;
            }
            if (expected == null) {
                violations.add(row + ": page but the project does not exist at " + row.serial());
                continue;
            }
            long stamp = row.relaxedFrom() == null ? row.serial() : row.relaxedFrom();
            if (row.relaxedFrom() == null && expected.serial() != row.serial()) {
                violations.add(row + ": the project's serial at " + row.serial() + " is " + expected.serial());
            }
            JsonNode page = JSON.readTree(store.readAllBytes(row.jsonKey()));
            if (page.path("meta").path("_last-serial").asLong() != stamp) {
                violations.add(row + ": page says _last-serial " + page.path("meta").path("_last-serial"));
            }
            if (page.toString().contains("dist-info-metadata")) {
                violations.add(row + ": JSON contains dist-info-metadata");
            }
            Map<String, String> actual = new TreeMap<>();
            for (JsonNode f : page.path("files")) {
                actual.put(f.path("filename").asString(), describe(f));
            }
            Map<String, String> wanted = new TreeMap<>();
            for (OracleState.OracleFile f : oracle(stamp).projects().get(row.project()).files()) {
                wanted.put(f.filename(), describe(f));
            }
            if (!actual.equals(wanted)) {
                violations.add(row + ": files differ\n  mirror " + actual + "\n  oracle " + wanted);
            }
            String html = new String(store.readAllBytes(row.htmlKey()), StandardCharsets.UTF_8);
            if (!html.endsWith("<!--SERIAL " + stamp + "-->")) {
                violations.add(row + ": HTML page does not end with its serial");
            }
            for (String filename : wanted.keySet()) {
                if (!html.contains(">" + filename + "</a>")) {
                    violations.add(row + ": HTML page lacks " + filename);
                }
            }
        }
        return violations;
    }

    private static String describe(JsonNode f) {
        JsonNode cm = f.path("core-metadata");
        return f.path("url").asString() + " sha256=" + f.path("hashes").path("sha256").asString() + " size=" + f.path("size").asLong()
                + " yanked=" + f.path("yanked") + " rp=" + (f.path("requires-python").isNull() ? "null" : f.path("requires-python").asString())
                + " cm=" + (cm.isObject() ? cm.path("sha256").asString() : "none") + " up=" + f.path("upload-time").asString();
    }

    private static String describe(OracleState.OracleFile f) {
        Object y = f.yankedValue();
        String yanked = y instanceof String s ? JSON.writeValueAsString(s) : y.toString();
        return f.url() + " sha256=" + f.sha256() + " size=" + f.size() + " yanked=" + yanked
                + " rp=" + (f.requiresPython() == null ? "null" : f.requiresPython())
                + " cm=" + (f.coreMetadataSha256() == null ? "none" : f.coreMetadataSha256()) + " up=" + f.uploadTime();
    }

    /** Every object under packages/ re-hashes to the sha256 the oracle gives for its path (files and sidecars). */
    List<String> blobsHashCorrectly(List<Long> oracleSerials) throws Exception {
        Map<String, String> expected = new HashMap<>();
        for (long serial : oracleSerials) {
            for (OracleState.OracleProject p : oracle(serial).projects().values()) {
                for (OracleState.OracleFile f : p.files()) {
                    String key = f.url().substring(1);
                    expected.put(key, f.sha256());
                    if (f.coreMetadataSha256() != null) {
                        expected.put(key + ".metadata", f.coreMetadataSha256());
                    }
                }
            }
        }
        List<String> violations = new ArrayList<>();
        for (BlobInfo blob : store.list("packages/")) {
            String want = expected.get(blob.key());
            String got = sha256(blob.key());
            if (want == null) {
                violations.add(blob.key() + ": no such file upstream");
            } else if (!want.equals(got)) {
                violations.add(blob.key() + ": sha256 " + got + ", upstream " + want);
            }
        }
        return violations;
    }

    String sha256(String key) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = store.get(key)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * No stale page was recorded: a row landed for a batch of events must not be older than that project's oldest
     * event of the batch ({@code minEventSerial}: project -> serial), for rows not present before ({@code before}).
     */
    static List<String> noStaleRows(List<Row> before, List<Row> after, Map<String, Long> minEventSerial) {
        List<String> violations = new ArrayList<>();
        for (Row row : after) {
            if (before.contains(row) || row.relaxedFrom() != null) {
                continue;
            }
            Long min = minEventSerial.get(row.project());
            if (min == null) {
                violations.add(row + ": recorded without an event");
            } else if (row.serial() < min) {
                violations.add(row + ": older than its event " + min);
            }
        }
        return violations;
    }
}
