package dev.landfall.testsupport.consistency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Upstream at serial W as the simulator's oracle states it ({@code GET /_sim/oracle?serial=W}, documented in
 * {@code pypi-simulator/README.md}): what every page, link and byte of a snapshot W must equal.
 */
record OracleSnapshot(long serial, Map<String, Project> projects) {

    /** A project at W: its page stamp (last serial ≤ W), PEP 792 status and files in upload order. */
    record Project(long serial, String status, List<File> files) {
    }

    /**
     * A file at W.
     *
     * @param url                root-relative {@code /packages/...}
     * @param yankedReason       null when not yanked or yanked without a reason
     * @param coreMetadataSha256 sha256 of the PEP 658 {@code .metadata} file, null when there is none
     */
    record File(String filename, String version, String url, String sha256, long size, boolean yanked,
                @Nullable String yankedReason, @Nullable String requiresPython, @Nullable String coreMetadataSha256,
                @Nullable String uploadTime) {
    }

    static OracleSnapshot parse(JsonNode oracle) {
        Map<String, Project> projects = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : oracle.path("projects").properties()) {
            JsonNode p = e.getValue();
            List<File> files = new ArrayList<>();
            for (JsonNode f : p.path("files")) {
                JsonNode y = f.path("yanked");
                files.add(new File(f.path("filename").asString(), f.path("version").asString(), f.path("url").asString(),
                        f.path("sha256").asString(), f.path("size").asLong(), !y.isBoolean() || y.asBoolean(),
                        y.isString() && !y.asString().isEmpty() ? y.asString() : null, Json.text(f.path("requires-python")),
                        Json.text(f.path("core-metadata-sha256")), Json.text(f.path("upload-time"))));
            }
            projects.put(e.getKey(), new Project(p.path("serial").asLong(), p.path("status").asString("active"), List.copyOf(files)));
        }
        return new OracleSnapshot(oracle.path("serial").asLong(-1), projects);
    }
}
