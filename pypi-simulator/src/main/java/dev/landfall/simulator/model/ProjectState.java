package dev.landfall.simulator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A project's complete state as of its last journal row ({@code serial}). Immutable.
 *
 * @param name        normalized name
 * @param displayName name as registered
 * @param serial      the project's last serial (the page stamp {@code X-PyPI-Last-Serial})
 * @param exists      false after {@code remove project}
 * @param releases    releases in upload order
 * @param roles       owners and maintainers
 */
public record ProjectState(String name, String displayName, long serial, boolean exists, List<Release> releases,
                           List<Role> roles) {

    public ProjectState {
        releases = List.copyOf(releases);
        roles = List.copyOf(roles);
    }

    /** All files of all releases, in upload order of releases and files. */
    public List<SimFile> files() {
        List<SimFile> all = new ArrayList<>();
        for (Release r : releases) {
            all.addAll(r.files());
        }
        return all;
    }

    public Release release(String version) {
        for (Release r : releases) {
            if (r.version().equals(version)) {
                return r;
            }
        }
        throw new IllegalArgumentException(name + " has no release " + version);
    }

    ProjectState withSerial(long s) {
        return new ProjectState(name, displayName, s, exists, releases, roles);
    }

    ProjectState removed() {
        return new ProjectState(name, displayName, serial, false, List.of(), List.of());
    }

    ProjectState withReleases(List<Release> rs) {
        return new ProjectState(name, displayName, serial, exists, rs, roles);
    }

    ProjectState withRoles(List<Role> rs) {
        return new ProjectState(name, displayName, serial, exists, releases, rs);
    }

    ProjectState withRelease(Release r) {
        List<Release> l = new ArrayList<>(releases);
        l.add(r);
        return withReleases(l);
    }

    ProjectState replaceRelease(String version, UnaryOperator<Release> change) {
        List<Release> l = new ArrayList<>(releases.size());
        for (Release r : releases) {
            l.add(r.version().equals(version) ? change.apply(r) : r);
        }
        return withReleases(l);
    }

    ProjectState withoutRelease(String version) {
        List<Release> l = new ArrayList<>(releases);
        l.removeIf(r -> r.version().equals(version));
        return withReleases(l);
    }
}
