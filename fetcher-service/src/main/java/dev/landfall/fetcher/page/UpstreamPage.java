package dev.landfall.fetcher.page;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A project page as upstream served it, parsed (PEP 691 JSON, PEP 503 HTML or the JSON API).
 *
 * @param bodySerial    the body's copy of the stamp, null if the representation has none
 * @param apiVersion    {@code meta.api-version} / {@code pypi:repository-version}, null if absent
 * @param versions      PEP 700 {@code versions}, null when the representation does not list them
 * @param status        PEP 792 status, null when the representation does not say (JSON API)
 * @param extraMeta     unknown non-private {@code meta} keys, carried over
 * @param extraTop      unknown top-level keys, carried over
 */
public record UpstreamPage(Representation source, @Nullable Long bodySerial, @Nullable String apiVersion,
                           List<UpstreamFile> files, @Nullable List<String> versions, @Nullable ProjectStatus status,
                           ObjectNode extraMeta, ObjectNode extraTop) {

    /** PEP 792 project status. */
    public record ProjectStatus(String status, @Nullable String reason) {
        public static final ProjectStatus ACTIVE = new ProjectStatus("active", null);
    }

    /** True when every file has what the mirror's JSON page and the verification need. */
    public boolean complete() {
        return status != null && files.stream().allMatch(f -> f.size() != null);
    }
}
