package dev.landfall.simulator.model;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One release of a project at one point in time (immutable; changes produce a new instance).
 *
 * @param version        PEP 440 version, in canonical form
 * @param prerelease     true for a/b/rc/dev versions
 * @param requiresPython release-level Requires-Python, null if unset
 * @param requiresDist   Requires-Dist lines (same in every file of the release)
 * @param summary        metadata summary
 * @param yanked         PEP 592 yank flag
 * @param yankedReason   yank reason, empty when none given
 * @param files          files in upload order
 * @param protectedRelease never yanked or removed, files never removed (depended upon by a coupled release or a library)
 */
public record Release(String version, boolean prerelease, @Nullable String requiresPython, List<String> requiresDist,
                      String summary, boolean yanked, String yankedReason, List<SimFile> files,
                      boolean protectedRelease) {

    public Release {
        files = List.copyOf(files);
        requiresDist = List.copyOf(requiresDist);
    }

    Release withFiles(List<SimFile> newFiles) {
        return new Release(version, prerelease, requiresPython, requiresDist, summary, yanked, yankedReason, newFiles,
                protectedRelease);
    }

    Release withFile(SimFile f) {
        List<SimFile> l = new ArrayList<>(files);
        l.add(f);
        return withFiles(l);
    }

    Release withYank(boolean y, String reason) {
        return new Release(version, prerelease, requiresPython, requiresDist, summary, y, reason, files,
                protectedRelease);
    }
}
