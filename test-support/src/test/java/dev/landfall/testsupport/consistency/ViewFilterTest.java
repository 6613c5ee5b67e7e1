package dev.landfall.testsupport.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker's own reading of a view's policy (README "Team views"), boundary pairs side by side. */
class ViewFilterTest {

    private static final Instant W_TIME = Instant.parse("2025-03-10T12:00:00Z");

    private static OracleSnapshot.File file(String filename, String version, String uploadTime) {
        return new OracleSnapshot.File(filename, version, "/packages/x/" + filename, "00", 1, false, null, null, null, uploadTime);
    }

    private static ViewFilter filter(List<String> block, boolean pre, List<String> platforms, Duration cooldown) {
        return new ViewFilter(List.of(), block, pre, platforms, cooldown, w -> W_TIME);
    }

    @Test
    void aFileExactlyTheCooldownOldIsShownAndOneMicrosecondYoungerIsNot() {
        ViewFilter f = filter(List.of(), false, List.of(), Duration.ofDays(7));
        assertThat(f.shows(file("a-1.0-py3-none-any.whl", "1.0", "2025-03-03T12:00:00.000000Z"), W_TIME)).isTrue();
        assertThat(f.shows(file("a-1.0-py3-none-any.whl", "1.0", "2025-03-03T12:00:00.000001Z"), W_TIME)).isFalse();
    }

    @Test
    void aBlockGlobOmitsItsProjectsAndNoOther() {
        ViewFilter f = filter(List.of("Evil_*"), false, List.of(), Duration.ZERO);
        assertThat(f.admits("evil-pkg")).isFalse();
        assertThat(f.admits("evi-pkg")).isTrue();
    }

    @Test
    void preReleasesAndPlatformsAreHiddenAndFinalsAndPureWheelsShown() {
        ViewFilter f = filter(List.of(), true, List.of("win"), Duration.ZERO);
        assertThat(f.shows(file("a-2.0rc1-py3-none-any.whl", "2.0rc1", "2025-01-01T00:00:00.000000Z"), W_TIME)).isFalse();
        assertThat(f.shows(file("a-2.0.dev1.tar.gz", "2.0.dev1", "2025-01-01T00:00:00.000000Z"), W_TIME)).isFalse();
        assertThat(f.shows(file("a-2.0-py3-none-any.whl", "2.0", "2025-01-01T00:00:00.000000Z"), W_TIME)).isTrue();
        assertThat(f.shows(file("a-2.0-cp39-cp39-win_amd64.whl", "2.0", "2025-01-01T00:00:00.000000Z"), W_TIME)).isFalse();
    }

    @Test
    void aProjectWithEveryFileHiddenIsOmittedButOneWithoutFilesStays() {
        ViewFilter f = filter(List.of(), false, List.of(), Duration.ofDays(7));
        OracleSnapshot atW = new OracleSnapshot(9, Map.of(
                "young", new OracleSnapshot.Project(5, "active", List.of(file("young-1.0.tar.gz", "1.0", "2025-03-10T11:00:00.000000Z"))),
                "empty", new OracleSnapshot.Project(6, "active", List.of())));
        assertThat(f.apply(atW).projects()).containsOnlyKeys("empty");
    }
}
