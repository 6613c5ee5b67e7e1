package dev.landfall.index.snapshot;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One published snapshot as a replica serves it: W, its manifest (project → page serial, from
 * {@code snapshots/W/index.json}) and the root index bodies, verbatim as stored.
 */
public record SnapshotView(long serial, Map<String, Long> pageSerials, CachedBody rootJson, CachedBody rootHtml) {

    public @Nullable Long pageSerial(String project) {
        return pageSerials.get(project);
    }
}
