package dev.landfall.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Path hardening: decoded once, nothing that could leave the intended tree survives. */
class RequestPathTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "/packages/../etc/passwd",
            "/packages/%2e%2e/etc/passwd",
            "/packages/%2E%2E/x",
            "/packages/a%2fb",
            "/packages/a%5cb",
            "/packages/a\\b",
            "/packages/%252e%252e/x",
            "/packages/a%00b",
            "/packages/a%0ab",
            "/packages//x",
            "/packages/./x",
            "/packages/%",
            "/packages/%zz",
            "/packages/%c0%ae%c0%ae/x",
            "packages/x",
            ""
    })
    void rejects(String raw) {
        assertThat(RequestPath.decode(raw)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/simple/", "/simple/foo/", "/packages/ab/cd/ef0123/foo-1.0-py3-none-any.whl", "/packages/ab/cd/x/f%2Bg.whl"})
    void accepts(String raw) {
        assertThat(RequestPath.decode(raw)).isPresent();
    }

    @org.junit.jupiter.api.Test
    void rejectsOverlongPaths() {
        assertThat(RequestPath.decode("/packages/" + "a".repeat(2000))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void decodesOnce() {
        assertThat(RequestPath.decode("/packages/x/f%2Bg.whl")).contains("/packages/x/f+g.whl");
    }
}
