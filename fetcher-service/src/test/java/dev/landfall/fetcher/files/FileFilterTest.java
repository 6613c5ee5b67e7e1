package dev.landfall.fetcher.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.config.FilterProperties;
import dev.landfall.fetcher.page.PageFixtures;
import dev.landfall.fetcher.page.UpstreamPage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** docs/architecture.md#filters: filtered files never appear on the mirror's pages and are not downloaded. */
class FileFilterTest {

    private static FilterProperties filters(boolean prereleases, List<String> platforms, long maxSize) {
        return new FilterProperties(List.of(), List.of(), prereleases, platforms, DataSize.ofBytes(maxSize));
    }

    @Test
    void preReleasesAreDroppedOnlyWhenExcluded() {
        var pre = PageFixtures.file("demo_pkg-2.0rc1-py3-none-any.whl", 10);
        var dev = PageFixtures.file("demo-pkg-2.0.dev3.tar.gz", 10);
        var fin = PageFixtures.file("demo_pkg-1.0-py3-none-any.whl", 10);
        FileFilter on = new FileFilter(filters(true, List.of(), 0));
        FileFilter off = new FileFilter(filters(false, List.of(), 0));
        assertThat(on.accepts(pre)).isFalse();
        assertThat(on.accepts(dev)).isFalse();
        assertThat(on.accepts(fin)).isTrue();
        assertThat(off.accepts(pre)).isTrue();
    }

    @Test
    void platformTagsAreMatchedCaseInsensitivelyOnWheelsOnly() {
        FileFilter f = new FileFilter(filters(false, List.of("WIN", "macosx"), 0));
        assertThat(f.accepts(PageFixtures.file("x-1.0-cp312-cp312-win_amd64.whl", 1))).isFalse();
        assertThat(f.accepts(PageFixtures.file("x-1.0-cp312-cp312-macosx_11_0_arm64.whl", 1))).isFalse();
        assertThat(f.accepts(PageFixtures.file("x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl", 1))).isTrue();
        assertThat(f.accepts(PageFixtures.file("x-1.0-py3-none-any.whl", 1))).isTrue();
        assertThat(f.accepts(PageFixtures.file("winx-1.0.tar.gz", 1))).isTrue();
    }

    @Test
    void maxFileSizeBoundary() {
        FileFilter f = new FileFilter(filters(false, List.of(), 100));
        assertThat(f.accepts(PageFixtures.file("x-1.0.tar.gz", 100))).isTrue();
        assertThat(f.accepts(PageFixtures.file("x-1.0.tar.gz", 101))).isFalse();
        assertThat(new FileFilter(filters(false, List.of(), 0)).accepts(PageFixtures.file("x-1.0.tar.gz", Long.MAX_VALUE))).isTrue();
    }

    @Test
    void excludedPreReleasesLeaveVersionsToo() {
        UpstreamPage page = PageFixtures.page(List.of(PageFixtures.file("x-1.0.tar.gz", 1), PageFixtures.file("x-2.0b1.tar.gz", 1)),
                List.of("1.0", "2.0b1"));
        UpstreamPage filtered = new FileFilter(filters(true, List.of(), 0)).apply(page);
        assertThat(filtered.files()).extracting(f -> f.filename()).containsExactly("x-1.0.tar.gz");
        assertThat(filtered.versions()).containsExactly("1.0");
    }

    @Test
    void pep440PreReleaseForms() {
        assertThat(List.of("1.0a1", "1.0b2", "1.0rc1", "1.0c1", "1.0.dev0", "1.0alpha", "1.0-beta.2", "2.0.0.post1.dev3", "1.0RC1"))
                .allMatch(Pep440::isPrerelease);
        assertThat(List.of("1.0", "1.0.post1", "2!1.0", "1.0+local.7", "not-a-version", "2024.1"))
                .noneMatch(Pep440::isPrerelease);
    }
}
