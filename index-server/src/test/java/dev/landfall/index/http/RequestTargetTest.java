package dev.landfall.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.index.http.HttpCounters.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing: what a hardened path asks for, before any snapshot is chosen. */
class RequestTargetTest {

    @Test
    void filesAreAskedForByTheirStorageKey() {
        assertThat(RequestTarget.of("/packages/ab/cd/f.whl")).isEqualTo(new RequestTarget.File("packages/ab/cd/f.whl"));
    }

    @Test
    void simplePathsAskForThePageOfTheRunsSnapshot() {
        assertThat(RequestTarget.of("/simple/")).isEqualTo(new RequestTarget.Current(new SimplePage.RootIndex()));
        assertThat(RequestTarget.of("/simple/numpy/")).isEqualTo(new RequestTarget.Current(new SimplePage.Project("numpy")));
        assertThat(RequestTarget.of("/simple")).isEqualTo(new RequestTarget.Current(new SimplePage.BareSimple()));
    }

    @Test
    void pinnedPathsNameTheirSnapshotAndKeepItsPrefix() {
        RequestTarget target = RequestTarget.of("/snapshots/42/simple/numpy/");

        assertThat(target).isEqualTo(new RequestTarget.Pinned(42, new SimplePage.Project("numpy")));
        assertThat(((RequestTarget.Pinned) target).prefix()).isEqualTo("/snapshots/42");
        assertThat(RequestTarget.of("/snapshots/42/simple")).isEqualTo(new RequestTarget.Pinned(42, new SimplePage.BareSimple()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/snapshots/", "/snapshots/42", "/snapshots/42/", "/snapshots/abc/simple/", "/snapshots/-1/simple/",
            "/snapshots/1234567890123456789/simple/", "/snapshots/42/simplex/", "/snapshots/42/packages/a"})
    void pinnedPathsWithoutASerialAndSimpleAreBad(String path) {
        assertThat(RequestTarget.of(path)).isInstanceOf(RequestTarget.BadPinnedPath.class);
    }

    @Test
    void otherPathsAreLeftToSpringMvc() {
        assertThat(RequestTarget.of("/simplex")).isInstanceOf(RequestTarget.Elsewhere.class);
        assertThat(RequestTarget.owns("/simplex")).isTrue();   // owned by prefix, then left alone
        assertThat(RequestTarget.owns("/status.json")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"/simple/, ROOT", "/simple/numpy/, PROJECT", "/simple, PROJECT", "/simple/numpy, PROJECT",
            "/packages/a/b/f.whl, PACKAGE", "/snapshots/4/simple/, PINNED"})
    void eachRawPathIsCountedUnderOneRoute(String raw, Route route) {
        assertThat(RequestTarget.route(raw)).isEqualTo(route);
    }

    @Test
    void projectNamesAreNormalizedBySendingTheClientToTheNormalizedUrl() {
        assertThat(SimplePage.of("/simple/Foo_Bar/")).isEqualTo(new SimplePage.Redirect("/simple/foo-bar/"));
        assertThat(SimplePage.of("/simple/numpy")).isEqualTo(new SimplePage.Redirect("/simple/numpy/"));
        assertThat(SimplePage.of("/simple/-bad-/")).isEqualTo(new SimplePage.NotFound("not a valid project name"));
        assertThat(SimplePage.of("/simple/a/b/")).isEqualTo(new SimplePage.NotFound("not found"));
        assertThat(SimplePage.of("/simple/" + "a".repeat(201) + "/")).isEqualTo(new SimplePage.NotFound("not found"));
        // negative control: the longest valid name is a page
        assertThat(SimplePage.of("/simple/" + "a".repeat(200) + "/")).isEqualTo(new SimplePage.Project("a".repeat(200)));
    }
}
