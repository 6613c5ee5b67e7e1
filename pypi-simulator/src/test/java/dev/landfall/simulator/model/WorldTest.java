package dev.landfall.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.simulator.CoupledRelease;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorldTest {

    private static World world(long seed, int projects) {
        return World.generate(seed, projects, 0, () -> 1_000L);
    }

    @Test
    void sameSeedGivesTheSameJournalAndDifferentSeedsDiffer() {
        World a = world(7, 200);
        World b = world(7, 200);
        World c = world(8, 200);
        a.advance(300);
        b.advance(300);
        c.advance(300);
        assertThat(a.changelogSince(0, Integer.MAX_VALUE)).isEqualTo(b.changelogSince(0, Integer.MAX_VALUE));
        assertThat(a.changelogSince(0, Integer.MAX_VALUE)).isNotEqualTo(c.changelogSince(0, Integer.MAX_VALUE));
    }

    @Test
    void initialHistoryHasEveryProjectWithOneToSixReleases() {
        World w = world(3, 300);
        assertThat(w.existingProjects()).isEqualTo(300);
        for (Project p : w.projects()) {
            assertThat(p.current().state().releases().size()).isBetween(1, 6);
        }
        assertThat(w.lastSerial()).isGreaterThan(5L * 300);
    }

    @Test
    void serialsStrictlyIncreaseWithGapsAndANewReleaseIsFollowedByItsFirstFile() {
        World w = world(5, 300);
        w.advance(2_000);
        List<JournalRow> rows = w.changelogSince(0, Integer.MAX_VALUE);
        boolean gap = false;
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).serial()).isGreaterThan(rows.get(i - 1).serial());
            gap |= rows.get(i).serial() > rows.get(i - 1).serial() + 1;
            if (rows.get(i - 1).action().equals("new release")) {
                assertThat(rows.get(i).action()).startsWith("add py3 file ");
                assertThat(rows.get(i).serial()).isEqualTo(rows.get(i - 1).serial() + 1);
            }
        }
        assertThat(gap).isTrue();
        Set<String> kinds = new HashSet<>();
        for (JournalRow r : rows) {
            kinds.add(r.action().replaceAll(" (file|Owner|Maintainer) .*", " $1"));
        }
        assertThat(kinds).contains("create", "add Owner", "new release", "add py3 file", "add source file",
                "remove file", "remove release", "remove project", "yank release", "unyank release",
                "add Maintainer");
    }

    @Test
    void noPageIsEverStampedWithANewReleaseSerial() {
        World w = world(11, 200);
        w.advance(1_000);
        Set<Long> newReleaseSerials = new HashSet<>();
        for (JournalRow r : w.changelogSince(0, Integer.MAX_VALUE)) {
            if (r.action().equals("new release")) {
                newReleaseSerials.add(r.serial());
            }
        }
        for (Project p : w.projects()) {
            for (long s = 0; s <= w.lastSerial(); s += 97) {
                ProjectVersion v = p.versionAt(s);
                if (v != null) {
                    assertThat(newReleaseSerials).doesNotContain(v.serial());
                }
            }
        }
    }

    @Test
    void everyDependencyIsInstallableAndCoupledReleasesPinTheReleaseUploadedJustBefore() {
        World w = world(13, 300);
        w.advance(3_000);
        for (Project p : w.projects()) {
            ProjectState s = p.current().state();
            for (Release r : s.releases()) {
                for (String req : r.requiresDist()) {
                    String name = req.split("[=>]=")[0];
                    Project dep = w.project(Names.normalize(name));
                    assertThat(dep).as(req).isNotNull();
                    assertThat(dep.library()).as(req).isTrue();
                    ProjectState ds = dep.current().state();
                    assertThat(ds.exists()).as(req).isTrue();
                    assertThat(ds.releases()).as(req).anySatisfy(dr -> {
                        assertThat(dr.yanked() || dr.prerelease()).isFalse();
                        assertThat(dr.files()).anyMatch(f -> f.kind() == FileKind.PURE_WHEEL);
                    });
                }
            }
        }
        List<CoupledRelease> coupled = w.coupled(w.lastSerial());
        assertThat(coupled).hasSizeGreaterThan(20);
        List<JournalRow> rows = w.changelogSince(0, Integer.MAX_VALUE);
        Map<String, String> lastReleaseOf = new HashMap<>();
        Map<String, String> requiredAtRelease = new HashMap<>();
        for (JournalRow r : rows) {
            if (r.action().equals("new release")) {
                String name = Names.normalize(r.name());
                for (CoupledRelease c : coupled) {
                    if (c.project().equals(name) && c.version().equals(r.version())) {
                        requiredAtRelease.put(name + "==" + r.version(), lastReleaseOf.get(c.requires()));
                    }
                }
                lastReleaseOf.put(name, r.version());
            }
        }
        for (CoupledRelease c : coupled) {
            assertThat(requiredAtRelease.get(c.project() + "==" + c.version())).isEqualTo(c.requiresVersion());
            Release b = w.project(c.project()).current().state().release(c.version());
            assertThat(b.requiresDist()).anyMatch(d -> d.endsWith("==" + c.requiresVersion()));
            assertThat(b.yanked()).isFalse();
        }
    }

    @Test
    void retireModeWithdrawsThePreviousCoupledPinRightAfterTheNextCoupledRelease() {
        World w = world(13, 300);
        int before = w.coupled(w.lastSerial()).size();
        w.retireSupersededCoupledReleases(true);
        w.advance(1_000);
        List<CoupledRelease> coupled = w.coupled(w.lastSerial());
        assertThat(coupled).hasSizeGreaterThan(before + 5);
        for (int i = Math.max(0, before - 1); i + 1 < coupled.size(); i++) {
            CoupledRelease c = coupled.get(i);
            CoupledRelease next = coupled.get(i + 1);
            Project lib = w.project(c.requires());
            // Still there while its own coupled release is the newest; gone once the next one is out.
            assertThat(has(lib.versionAt(next.serial() - 1).state(), c.requiresVersion())).as(c.toString()).isTrue();
            assertThat(has(lib.current().state(), c.requiresVersion())).as(c.toString()).isFalse();
        }
        // Off again: pins stay, as in the default world (the test above).
        w.retireSupersededCoupledReleases(false);
        w.advance(500);
        List<CoupledRelease> later = w.coupled(w.lastSerial());
        assertThat(later).hasSizeGreaterThan(coupled.size() + 1);
        CoupledRelease kept = later.get(later.size() - 2);
        assertThat(has(w.project(kept.requires()).current().state(), kept.requiresVersion())).isTrue();
    }

    private static boolean has(ProjectState state, String version) {
        return state.releases().stream().anyMatch(r -> r.version().equals(version));
    }

    @Test
    void versionAtReconstructsEveryPastState() {
        World w = world(17, 100);
        long before = w.lastSerial();
        Map<String, Long> serialsBefore = new HashMap<>();
        for (Project p : w.projects()) {
            serialsBefore.put(p.name(), p.current().serial());
        }
        w.advance(500);
        for (Project p : w.projects()) {
            ProjectVersion v = p.versionAt(before);
            if (serialsBefore.containsKey(p.name())) {
                assertThat(v.serial()).isEqualTo(serialsBefore.get(p.name()));
            } else {
                assertThat(v).isNull();
            }
        }
        assertThat(w.listingAt(before)).hasSize(100);
    }
}
