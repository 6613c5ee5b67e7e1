package dev.landfall.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.common.project.ProjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageKeysTest {

    @Test
    void pageAndSnapshotKeysFollowTheLayout() {
        assertThat(StorageKeys.pageJson(ProjectName.of("Foo_Bar"), 42)).isEqualTo("pages/foo-bar/42.json");
        assertThat(StorageKeys.pageHtml(ProjectName.of("foo"), 7)).isEqualTo("pages/foo/7.html");
        assertThat(StorageKeys.snapshotIndexJson(99)).isEqualTo("snapshots/99/index.json");
        assertThat(StorageKeys.snapshotIndexHtml(99)).isEqualTo("snapshots/99/index.html");
        assertThat(StorageKeys.metadataKey("packages/0a/1b/x/f.whl")).isEqualTo("packages/0a/1b/x/f.whl.metadata");
    }

    @ParameterizedTest
    @CsvSource({
            "https://files.pythonhosted.org/packages/0a/1b/c2d3/demo-1.0-py3-none-any.whl, packages/0a/1b/c2d3/demo-1.0-py3-none-any.whl",
            "/packages/0a/1b/c2d3/demo-1.0.tar.gz, packages/0a/1b/c2d3/demo-1.0.tar.gz",
            "http://127.0.0.1:8080/packages/0a/1b/c2d3/f.whl#sha256=abc, packages/0a/1b/c2d3/f.whl",
            "http://127.0.0.1:8080/packages/0a/1b/c2d3/f.whl?x=1#sha256=abc, packages/0a/1b/c2d3/f.whl",
            "/packages/0a/1b/c2d3/%2e%2e/f.whl, packages/0a/1b/c2d3/%2e%2e/f.whl",
    })
    void packageKeyIsTheUrlPathFromPackagesOn(String url, String key) {
        assertThat(StorageKeys.packageKey(url)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://files.pythonhosted.org/files/0a/f.whl",
            "https://files.pythonhosted.org/packages/../../etc/passwd",
            "https://files.pythonhosted.org/packages/0a/./f.whl",
            "https://files.pythonhosted.org/packages/0a//f.whl",
            "https://files.pythonhosted.org/packages/0a/\\..\\f.whl",
            "https://files.pythonhosted.org/packages/",
            "https://files.pythonhosted.org/packages/0a/f\u0000.whl",
    })
    void packageKeyRejectsPathsWithoutPackagesOrWithTraversal(String url) {
        assertThatThrownBy(() -> StorageKeys.packageKey(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "//double", "a/../b", "..", ".", "a/.", "./a", "a//b", "a/", "a\\b", "..\\a",
            "a\u0000b", "a\rb", "a\u007fb", "a\u0085b"})
    void requireSafeRejectsKeysThatCouldEscapeTheStore(String key) {
        assertThatThrownBy(() -> StorageKeys.requireSafe(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requireSafeRejectsNullAndOverlongKeys() {
        assertThatThrownBy(() -> StorageKeys.requireSafe(nullKey())).isInstanceOf(IllegalArgumentException.class);
        assertThat(StorageKeys.requireSafe("a".repeat(1024))).hasSize(1024);
        assertThatThrownBy(() -> StorageKeys.requireSafe("a".repeat(1025))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Percent-decoding is the HTTP layer's job: encoded dots are ordinary characters in a key. */
    @ParameterizedTest
    @ValueSource(strings = {"%2e%2e/a", "a/%2e%2e/b", "a/%2E%2E", "%2f", "a/..b", "a/b..", "...", "a/.hidden", "pages/numpy/1.json"})
    void requireSafeAcceptsOrdinarySegments(String key) {
        assertThat(StorageKeys.requireSafe(key)).isEqualTo(key);
    }

    @Test
    void theRejectionMessageDoesNotEchoControlCharacters() {
        assertThatThrownBy(() -> StorageKeys.requireSafe("a\nb")).message().doesNotContain("\n");
    }

    @SuppressWarnings("NullAway")
    private static String nullKey() {
        return null;
    }
}
