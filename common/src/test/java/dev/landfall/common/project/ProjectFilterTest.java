package dev.landfall.common.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.project.ProjectName;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectFilterTest {

    private static boolean accepts(ProjectFilter f, String name) {
        return f.accepts(ProjectName.of(name));
    }

    @Test
    void emptyAllowListAcceptsEverything() {
        assertThat(accepts(new ProjectFilter(List.of(), List.of()), "anything")).isTrue();
    }

    @Test
    void allowListByExactNameMatchesNormalizedForms() {
        ProjectFilter f = new ProjectFilter(List.of("Django_REST.framework"), List.of());
        assertThat(accepts(f, "django-rest-framework")).isTrue();
        assertThat(accepts(f, "Django.Rest_Framework")).isTrue();
        assertThat(accepts(f, "django-rest")).isFalse();
    }

    @Test
    void starGlobMatchesAnyRun() {
        ProjectFilter f = new ProjectFilter(List.of("django-*", "*_utils"), List.of());
        assertThat(accepts(f, "django-filter")).isTrue();
        assertThat(accepts(f, "Django_Filter")).isTrue();
        assertThat(accepts(f, "my.utils")).isTrue();
        assertThat(accepts(f, "django")).isFalse();
        assertThat(accepts(f, "flask")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        ProjectFilter f = new ProjectFilter(List.of("pkg?"), List.of());
        assertThat(accepts(f, "pkg1")).isTrue();
        assertThat(accepts(f, "pkg")).isFalse();
        assertThat(accepts(f, "pkg12")).isFalse();
    }

    @Test
    void regexMetacharactersInPatternsAreLiteral() {
        ProjectFilter f = new ProjectFilter(List.of("a+b"), List.of());
        assertThat(accepts(f, "aab")).isFalse();
    }

    @Test
    void blockWinsOverAllow() {
        ProjectFilter f = new ProjectFilter(List.of("proj-*"), List.of("proj-bad*"));
        assertThat(accepts(f, "proj-good")).isTrue();
        assertThat(accepts(f, "proj-bad-1")).isFalse();
    }

    @Test
    void blockAloneBlocksOnlyMatches() {
        ProjectFilter f = new ProjectFilter(List.of(), List.of("evil"));
        assertThat(accepts(f, "evil")).isFalse();
        assertThat(accepts(f, "evil2")).isTrue();
    }

    @Test
    void blankPatternsAreIgnored() {
        ProjectFilter f = new ProjectFilter(List.of(" "), List.of(""));
        assertThat(accepts(f, "x")).isTrue();
    }
}
