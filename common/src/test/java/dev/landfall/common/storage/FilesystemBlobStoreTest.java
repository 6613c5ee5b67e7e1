package dev.landfall.common.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path root;

    private FilesystemBlobStore store;

    @BeforeEach
    void freshStore() throws IOException {
        // fsync off: the contract does not depend on it, and it makes the suite slow on shared disks
        store = new FilesystemBlobStore(root.resolve("store"), false, Clock.systemUTC());
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Test
    void objectsAreFilesUnderTheRoot() throws IOException {
        store.put("pages/numpy/7.json", "{}".getBytes(UTF_8));

        Path file = store.root().resolve("pages/numpy/7.json");
        assertThat(file).hasContent("{}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void everyObjectHasItsLocalFileForZeroCopyReads() throws IOException {
        store.put("packages/aa/bb/f.whl", "wheel".getBytes(UTF_8));

        // The contract suite only checks what a local path holds when there is one; here there must be.
        assertThat(store.localPath("packages/aa/bb/f.whl")).contains(store.root().resolve("packages/aa/bb/f.whl"));
        assertThat(store.localPath("packages/aa/bb/missing.whl")).contains(store.root().resolve("packages/aa/bb/missing.whl"));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        assertThatThrownBy(() -> store.putVerified("packages/a/b/f.whl", new ByteArrayInputStream(new byte[10]), "0".repeat(64), 10))
                .isInstanceOf(BlobIntegrityException.class);

        try (var files = Files.walk(store.root())) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aLeftoverTemporaryFileIsNeverListedAndOldOnesAreRemovedAtStartup() throws IOException {
        Path tempDir = store.root().resolve(FilesystemBlobStore.TEMP_DIR);
        Path old = Files.writeString(tempDir.resolve("put-crashed.tmp"), "half");
        Path young = Files.writeString(tempDir.resolve("put-inflight.tmp"), "half");
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(young, FileTime.from(now.minus(Duration.ofMinutes(5))));

        assertThat(store.list("")).isEmpty();
        new FilesystemBlobStore(store.root(), false, Clock.fixed(now, ZoneOffset.UTC));

        assertThat(old).doesNotExist();
        assertThat(young).exists(); // may belong to a live writer sharing the directory
    }

    @Test
    void theTemporaryDirectoryIsNotAKey() {
        assertThatThrownBy(() -> store.put(FilesystemBlobStore.TEMP_DIR + "/x", new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(FilesystemBlobStore.TEMP_DIR)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anObjectWrittenBehindTheStoresBackHasNoRecordedSha256() throws IOException {
        Files.createDirectories(store.root().resolve("pages/p"));
        Files.writeString(store.root().resolve("pages/p/1.json"), "{}");

        assertThat(store.stat("pages/p/1.json")).contains(new BlobInfo("pages/p/1.json", 2, null));
    }

    @Test
    void fsyncedWritesWorkToo() throws IOException {
        FilesystemBlobStore durable = new FilesystemBlobStore(root.resolve("durable"));

        durable.put("pages/p/1.json", "{}".getBytes(UTF_8));

        assertThat(durable.readAllBytes("pages/p/1.json")).isEqualTo("{}".getBytes(UTF_8));
    }

    @Test
    void temporaryFilesBesideTheTargetAreNeverKeysNorListedAndOldOnesGoWhenTheDirectoryIsWrittenAgain() throws IOException {
        store.put("packages/a/b/f.whl", new byte[] {1});
        Path dir = store.root().resolve("packages/a/b");
        Path old = Files.writeString(dir.resolve(".g.whl.crashed-1.tmp"), "half");
        Path young = Files.writeString(dir.resolve(".g.whl.inflight-2.tmp"), "half");
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(young, FileTime.from(now.minus(Duration.ofMinutes(5))));

        assertThat(store.list("")).extracting(BlobInfo::key).containsExactly("packages/a/b/f.whl");
        assertThat(store.list("packages/a/b/")).extracting(BlobInfo::key).containsExactly("packages/a/b/f.whl");
        assertThatThrownBy(() -> store.stat("packages/a/b/.g.whl.crashed-1.tmp")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get("packages/a/b/.g.whl.crashed-1.tmp")).isInstanceOf(IllegalArgumentException.class);

        FilesystemBlobStore restarted = new FilesystemBlobStore(store.root(), false, Clock.fixed(now, ZoneOffset.UTC));
        assertThat(old).exists(); // lazily: only once this instance writes into the directory
        restarted.put("packages/a/b/g.whl", new byte[] {2});

        assertThat(old).doesNotExist();
        assertThat(young).exists(); // may belong to a live writer sharing the directory
        assertThat(restarted.readAllBytes("packages/a/b/g.whl")).containsExactly(2);
    }

    @Test
    void keysWithASegmentStartingWithADotAreRejected() throws IOException {
        for (String key : new String[] {".x", "pages/.x", "pages/p/.1.json.abc-1.tmp", ".landfall-tmp/x"}) {
            assertThatThrownBy(() -> store.put(key, new byte[1])).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.stat(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.localPath(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        // negative control: dots inside a segment are fine
        assertThat(store.stat("pages/p/x.y")).isEmpty();
        assertThat(store.localPath("pages/p/x.y")).isPresent();
    }

    @Test
    void aDirectoryRemovedBehindTheStoresBackIsCreatedAgain() throws IOException {
        store.put("pages/p/1.json", "{}".getBytes(UTF_8));
        Files.delete(store.root().resolve("pages/p/1.json"));
        Files.delete(store.root().resolve("pages/p"));

        store.put("pages/p/2.json", "[]".getBytes(UTF_8));

        assertThat(store.readAllBytes("pages/p/2.json")).isEqualTo("[]".getBytes(UTF_8));
        assertThat(store.list("pages/")).extracting(BlobInfo::key).containsExactly("pages/p/2.json");
    }

    @Test
    void aStoreRootedInAHiddenDirectoryStillListsItsObjects() throws IOException {
        FilesystemBlobStore hidden = new FilesystemBlobStore(root.resolve(".hidden-root"), false, Clock.systemUTC());
        hidden.put("pages/p/1.json", "{}".getBytes(UTF_8));

        assertThat(hidden.list("")).extracting(BlobInfo::key).containsExactly("pages/p/1.json");
    }
}
