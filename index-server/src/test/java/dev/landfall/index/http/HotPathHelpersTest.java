package dev.landfall.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.project.ProjectName;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hot path's shortcuts agree with the slow paths they skip. */
class HotPathHelpersTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "demo-pkg", "a-b-c", "numpy", "x1-2y", "-a", "a-", "a--b", "A", "Foo_Bar", "a.b",
            "a_b", "a b", "é", "", "a/b", "--", "-", "zope-interface", "a-1"})
    void plainNormalizedCheckNeverDisagreesWithProjectName(String name) {
        // The shortcut may say "don't know" (false) but must never accept a name ProjectName rejects.
        if (SimplePage.isPlainNormalized(name)) {
            assertThat(ProjectName.isNormalized(name)).as(name).isTrue();
        }
        // ... and it recognises every normalized name made only of [a-z0-9-].
        if (ProjectName.isNormalized(name) && name.matches("[a-z0-9-]+")) {
            assertThat(SimplePage.isPlainNormalized(name)).as(name).isTrue();
        }
    }

    @Test
    void plainNormalizedCheckHonoursTheLengthLimit() {
        assertThat(SimplePage.isPlainNormalized("a".repeat(ProjectName.MAX_LENGTH))).isTrue();
        assertThat(SimplePage.isPlainNormalized("a".repeat(ProjectName.MAX_LENGTH + 1))).isFalse();
    }

    @Test
    void headerMemoComputesOncePerValueAndStaysBounded() {
        AtomicInteger calls = new AtomicInteger();
        HeaderMemo<Optional<SimpleFormat>> memo = new HeaderMemo<>(h -> {
            calls.incrementAndGet();
            return AcceptNegotiation.choose(h);
        });
        int afterAbsent = calls.get();
        assertThat(memo.get(null)).contains(SimpleFormat.TEXT_HTML);
        String pip = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
        assertThat(memo.get(pip)).contains(SimpleFormat.JSON_V1);
        assertThat(memo.get(pip)).contains(SimpleFormat.JSON_V1);
        assertThat(calls.get()).isEqualTo(afterAbsent + 1);
        for (int i = 0; i < HeaderMemo.MAX_ENTRIES * 2; i++) {
            assertThat(memo.get("x/y" + i)).isEmpty();
        }
        // Negative control: past the bound, values are still answered correctly, just recomputed.
        int before = calls.get();
        assertThat(memo.get("x/y" + (HeaderMemo.MAX_ENTRIES * 2 - 1))).isEmpty();
        assertThat(calls.get()).isEqualTo(before + 1);
    }

    @Test
    void plainAsciiPathsAreCheckedLikeDecodedOnes() {
        assertThat(RequestPath.decode("/simple/./")).isEmpty();
        assertThat(RequestPath.decode("/simple/../x")).isEmpty();
        assertThat(RequestPath.decode("/simple/..")).isEmpty();
        assertThat(RequestPath.decode("/simple//x/")).isEmpty();
        assertThat(RequestPath.decode("/simple/.a/")).contains("/simple/.a/");
        assertThat(RequestPath.decode("/simple/a../")).contains("/simple/a../");
        assertThat(RequestPath.decode("/")).contains("/");
        assertThat(RequestPath.decode("/simple/a b/")).isEqualTo(RequestPath.decode("/simple/a%20b/"));
        assertThat(RequestPath.decode("/packages/" + "a".repeat(RequestPath.MAX_LENGTH))).isEmpty();
    }
}
