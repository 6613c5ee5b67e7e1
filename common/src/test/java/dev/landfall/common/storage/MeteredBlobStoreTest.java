package dev.landfall.common.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.common.storage.StorageMetrics.Operation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage errors are counted; answers (absent object, rejected hash, unsafe key) are not. */
class MeteredBlobStoreTest {

    private final StorageMetrics metrics = new StorageMetrics();

    @Test
    void everyOperationsCounterExistsAtZeroBeforeAnyError() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        assertThat(registry.find("landfall.storage.errors").functionCounters()).hasSize(Operation.values().length)
                .allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void aFailingStorageIsCountedByOperation(@TempDir Path dir) throws IOException {
        BlobStore store = new MeteredBlobStore(new FilesystemBlobStore(dir.resolve("objects")), metrics);
        store.put("pages/a/1.json", "{}".getBytes(UTF_8));
        // The directory where "pages/a/1.json/x" would go is a file: the filesystem refuses the write.
        assertThatThrownBy(() -> store.put("pages/a/1.json/x", "{}".getBytes(UTF_8))).isInstanceOf(IOException.class);
        assertThat(metrics.errors(Operation.PUT)).isEqualTo(1);
        assertThat(metrics.errors(Operation.GET)).isZero();
    }

    @Test
    void anAbsentObjectARejectedHashAndAnUnsafeKeyAreAnswersNotErrors(@TempDir Path dir) throws IOException {
        BlobStore store = new MeteredBlobStore(new FilesystemBlobStore(dir.resolve("objects")), metrics);
        assertThatThrownBy(() -> store.get("pages/missing.json")).isInstanceOf(NoSuchBlobException.class);
        assertThat(store.stat("pages/missing.json")).isEmpty();
        assertThatThrownBy(() -> store.putVerified("packages/f.whl", new ByteArrayInputStream(new byte[] {1}), "0".repeat(64), 1))
                .isInstanceOf(BlobIntegrityException.class);
        assertThatThrownBy(() -> store.get("../escape")).isInstanceOf(IllegalArgumentException.class);
        for (Operation o : Operation.values()) {
            assertThat(metrics.errors(o)).as(o.name()).isZero();
        }
        assertThat(Files.exists(dir.resolve("objects/packages/f.whl"))).isFalse();
    }
}
