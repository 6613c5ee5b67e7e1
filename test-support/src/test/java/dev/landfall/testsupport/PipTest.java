package dev.landfall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipTest {

    @Test
    void installedDistributionsAreReadFromDistInfoMetadata(@TempDir Path target) throws Exception {
        Path distInfo = Files.createDirectories(target.resolve("Foo_Bar-1.2.dist-info"));
        Files.writeString(distInfo.resolve("METADATA"), "Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.2\n\nName: not-a-header\n");
        Files.createDirectories(target.resolve("foo_bar"));
        Files.createDirectories(target.resolve("baz-0.1.dist-info")); // no METADATA: fall back to the directory name

        assertThat(Pip.installedIn(target)).containsExactly(
                java.util.Map.entry("baz", "0.1"), java.util.Map.entry("foo-bar", "1.2"));
    }

    @Test
    void anUnreachableIndexFailsWithPipsOutput() throws Exception {
        Pip.Result result = new Pip().install("http://127.0.0.1:1/simple/", List.of("nothing-here"), List.of("--retries", "0", "--timeout", "2"));
        try {
            assertThat(result.succeeded()).isFalse();
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("nothing-here");
            assertThat(result.installed()).isEmpty();
        } finally {
            result.deleteTarget();
        }
    }
}
