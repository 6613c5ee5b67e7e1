package dev.landfall.index.demand;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DependencyPrefetchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void requirementsAreNormalizedNamesWithoutExtrasOnlyDependencies() {
        String metadata = """
                Metadata-Version: 2.1
                Name: app
                Version: 1.0
                Requires-Dist: Foo_Bar (>=1.0)
                Requires-Dist: baz==2.0; python_version >= "3.8"
                Requires-Dist: qux[fast]>=1
                Requires-Dist: docs-tool ; extra == "docs"
                Requires-Dist: foo-bar<3
                Summary: Requires-Dist: not-a-header
                Requires-Dist: -bad

                Requires-Dist: in-the-body-still-a-line
                """;
        assertThat(DependencyPrefetch.requirements(metadata))
                .containsExactly("foo-bar", "baz", "qux", "in-the-body-still-a-line");
    }

    @Test
    void theNewestUploadWithCoreMetadataThatIsNotYankedIsRead() throws Exception {
        var page = JSON.readTree("""
                {"files": [
                  {"filename": "a-1.0-py3-none-any.whl", "url": "/packages/aa/bb/cc/a-1.0-py3-none-any.whl", "core-metadata": {"sha256": "x"}},
                  {"filename": "a-2.0-py3-none-any.whl", "url": "/packages/dd/ee/ff/a-2.0-py3-none-any.whl", "core-metadata": {"sha256": "y"}},
                  {"filename": "a-3.0-py3-none-any.whl", "url": "/packages/11/22/33/a-3.0-py3-none-any.whl", "core-metadata": {"sha256": "z"}, "yanked": "broken"},
                  {"filename": "a-3.0.tar.gz", "url": "/packages/44/55/66/a-3.0.tar.gz", "core-metadata": false}
                ]}""");
        assertThat(DependencyPrefetch.newestMetadataKey(page)).contains("packages/dd/ee/ff/a-2.0-py3-none-any.whl.metadata");
    }

    @Test
    void aPageWithoutCoreMetadataOrWithAnUnsafeUrlPrefetchesNothing() throws Exception {
        assertThat(DependencyPrefetch.newestMetadataKey(JSON.readTree("""
                {"files": [{"filename": "a-1.0.tar.gz", "url": "/packages/aa/bb/a-1.0.tar.gz"}]}"""))).isEmpty();
        assertThat(DependencyPrefetch.newestMetadataKey(JSON.readTree("""
                {"files": [{"filename": "a-1.0.whl", "url": "/packages/../../etc/passwd", "core-metadata": true}]}"""))).isEmpty();
        assertThat(DependencyPrefetch.newestMetadataKey(JSON.readTree("{}"))).isEmpty();
    }
}
