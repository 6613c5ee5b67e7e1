package dev.landfall.simulator;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The exact state of the simulated index at serial {@code serial}: every project that exists then (normalized name,
 * sorted), with its last serial ≤ W and its files. Same content as {@code GET /_sim/oracle?serial=W}.
 */
public record OracleState(long serial, Map<String, OracleProject> projects) {

    public OracleState {
        projects = Collections.unmodifiableMap(new TreeMap<>(projects));
    }

    /**
     * A project at W.
     *
     * @param serial the project's last serial ≤ W (its page stamp)
     * @param status PEP 792 status (always {@code active} here)
     * @param files  files in upload order (release upload order, then file upload order)
     */
    public record OracleProject(long serial, String status, List<OracleFile> files) {
        public OracleProject {
            files = List.copyOf(files);
        }
    }

    /**
     * A file at W.
     *
     * @param url                root-relative {@code /packages/<h0:2>/<h2:4>/<h4:64>/<filename>}
     * @param yankedReason       when yanked: the reason, empty if none was given; null when not yanked
     * @param requiresPython     release-level Requires-Python or null
     * @param coreMetadataSha256 SHA-256 of the {@code .metadata} sidecar, null for sdists
     * @param uploadTime         {@code yyyy-mm-ddThh:mm:ss.ffffffZ}
     */
    public record OracleFile(String filename, String version, String url, String sha256, long size, boolean yanked,
                             @Nullable String yankedReason, @Nullable String requiresPython,
                             @Nullable String coreMetadataSha256, String uploadTime) {

        /** PEP 691's {@code yanked} value: {@code false}, {@code true}, or the non-empty reason. */
        public Object yankedValue() {
            if (!yanked) {
                return Boolean.FALSE;
            }
            return yankedReason == null || yankedReason.isEmpty() ? Boolean.TRUE : yankedReason;
        }
    }
}
