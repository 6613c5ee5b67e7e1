package dev.landfall.simulator.model;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A project and every version of its state, oldest first. Versions are appended under the world's lock and read
 * lock-free through a copy-on-write array.
 */
public final class Project {

    private final String name;
    private final String displayName;
    private final boolean library;
    private volatile ProjectVersion[] versions = new ProjectVersion[0];

    Project(String name, String displayName, boolean library) {
        this.name = name;
        this.displayName = displayName;
        this.library = library;
    }

    public String name() {
        return name;
    }

    public String displayName() {
        return displayName;
    }

    /** Libraries are depended upon: never removed, releases never yanked or removed, pure wheels never removed. */
    public boolean library() {
        return library;
    }

    public @Nullable ProjectVersion current() {
        ProjectVersion[] v = versions;
        return v.length == 0 ? null : v[v.length - 1];
    }

    /** The version before the current one, or null. */
    public @Nullable ProjectVersion previous() {
        ProjectVersion[] v = versions;
        return v.length < 2 ? null : v[v.length - 2];
    }

    /** The newest version with serial ≤ {@code serial}, or null if the project had no journal row yet. */
    public @Nullable ProjectVersion versionAt(long serial) {
        ProjectVersion[] v = versions;
        int lo = 0;
        int hi = v.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v[mid].serial() <= serial) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? null : v[found];
    }

    /** The version before {@code version}, or null. */
    public @Nullable ProjectVersion before(ProjectVersion version) {
        ProjectVersion[] v = versions;
        for (int i = v.length - 1; i > 0; i--) {
            if (v[i] == version) {
                return v[i - 1];
            }
        }
        return null;
    }

    void append(ProjectVersion version) {
        ProjectVersion[] v = versions;
        ProjectVersion[] n = Arrays.copyOf(v, v.length + 1);
        n[v.length] = version;
        if (v.length >= 2) {
            // Only the current and the previous version are ever served (stale CDN answers), so older caches go.
            v[v.length - 2].dropRenderCache();
        }
        versions = n;
    }
}
