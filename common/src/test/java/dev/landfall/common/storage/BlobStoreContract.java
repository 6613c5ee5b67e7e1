package dev.landfall.common.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link BlobStore} contract, run against every adapter (docs/architecture.md#code-conventions: one adapter contract
 * suite per port). Subclasses supply a fresh, empty store per test.
 */
abstract class BlobStoreContract {

    static final int MB = 1024 * 1024;
    /** Larger than one S3 part (default 8 MiB, 5 MiB in the IT), so S3 goes multipart; a stream, never a byte[]. */
    static final long LARGE = 12L * MB + 12_345;

    /** An empty store, private to the current test. */
    abstract BlobStore store();

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void putReturnsSha256AndSizeAndTheObjectRoundTrips() throws IOException {
        BlobInfo info = store().put("pages/numpy/7.json", bytes("{\"name\":\"numpy\"}"));

        assertThat(info).isEqualTo(new BlobInfo("pages/numpy/7.json", 16, GeneratedContent.sha256(bytes("{\"name\":\"numpy\"}"))));
        assertThat(store().readAllBytes("pages/numpy/7.json")).isEqualTo(bytes("{\"name\":\"numpy\"}"));
    }

    @Test
    void statReportsSizeAndTheRecordedSha256() throws IOException {
        String sha = GeneratedContent.sha256(bytes("abc"));
        store().putVerified("packages/aa/bb/x.whl", new ByteArrayInputStream(bytes("abc")), sha, 3);

        assertThat(store().stat("packages/aa/bb/x.whl")).contains(new BlobInfo("packages/aa/bb/x.whl", 3, sha));
        assertThat(store().exists("packages/aa/bb/x.whl")).isTrue();
    }

    @Test
    void anEmptyObjectIsAnObject() throws IOException {
        BlobInfo info = store().put("pages/empty/1.html", new byte[0]);

        assertThat(info.size()).isZero();
        assertThat(store().stat("pages/empty/1.html")).hasValueSatisfying(i -> assertThat(i.size()).isZero());
        assertThat(store().readAllBytes("pages/empty/1.html")).isEmpty();
    }

    @Test
    void putReplacesAnExistingObject() throws IOException {
        store().put("snapshots/5/index.json", bytes("old"));
        store().put("snapshots/5/index.json", bytes("new content"));

        assertThat(store().readAllBytes("snapshots/5/index.json")).isEqualTo(bytes("new content"));
        assertThat(store().stat("snapshots/5/index.json")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(11));
    }

    @Test
    void putVerifiedStoresMatchingContent() throws IOException {
        String sha = GeneratedContent.sha256(bytes("wheel bytes"));

        BlobInfo info = store().putVerified("packages/0a/1b/f.whl", new ByteArrayInputStream(bytes("wheel bytes")), sha, 11);

        assertThat(info).isEqualTo(new BlobInfo("packages/0a/1b/f.whl", 11, sha));
        assertThat(store().readAllBytes("packages/0a/1b/f.whl")).isEqualTo(bytes("wheel bytes"));
    }

    @Test
    void putVerifiedWithAWrongHashThrowsAndLeavesNothing() throws IOException {
        String shaOfOther = GeneratedContent.sha256(bytes("other bytes"));

        assertThatThrownBy(() -> store().putVerified("packages/0a/1b/f.whl", new ByteArrayInputStream(bytes("wheel bytes")), shaOfOther, 11))
                .isInstanceOfSatisfying(BlobIntegrityException.class, e -> {
                    assertThat(e.key()).isEqualTo("packages/0a/1b/f.whl");
                    assertThat(e.actualSha256()).isEqualTo(GeneratedContent.sha256(bytes("wheel bytes")));
                    assertThat(e.actualSize()).isEqualTo(11);
                });
        assertNothingStored();
    }

    @Test
    void putVerifiedWithTruncatedContentThrowsAndLeavesNothing() throws IOException {
        String sha = GeneratedContent.sha256(bytes("wheel bytes"));

        assertThatThrownBy(() -> store().putVerified("packages/0a/1b/f.whl", new ByteArrayInputStream(bytes("wheel")), sha, 11))
                .isInstanceOfSatisfying(BlobIntegrityException.class, e -> assertThat(e.actualSize()).isEqualTo(5));
        assertNothingStored();
    }

    @Test
    void putVerifiedStopsReadingOnceTheExpectedSizeIsExceeded() throws IOException {
        GeneratedContent endless = new GeneratedContent(Long.MAX_VALUE, 1);

        assertThatThrownBy(() -> store().putVerified("packages/0a/1b/f.whl", endless, "0".repeat(64), 1000))
                .isInstanceOfSatisfying(BlobIntegrityException.class, e -> assertThat(e.actualSize()).isEqualTo(-1));
        assertThat(endless.bytesRead()).isEqualTo(1001);
        assertNothingStored();
    }

    @Test
    void aFailedVerifiedPutLeavesThePreviousObjectUntouched() throws IOException {
        store().put("packages/0a/1b/f.whl", bytes("good"));

        assertThatThrownBy(() -> store().putVerified("packages/0a/1b/f.whl", new ByteArrayInputStream(bytes("evil")),
                GeneratedContent.sha256(bytes("good")), 4)).isInstanceOf(BlobIntegrityException.class);

        assertThat(store().readAllBytes("packages/0a/1b/f.whl")).isEqualTo(bytes("good"));
    }

    @Test
    void aLargeStreamRoundTripsWithoutBeingBuffered() throws IOException {
        BlobInfo info = store().put("packages/la/rg/big.whl", new GeneratedContent(LARGE, 7));

        String expected = GeneratedContent.sha256Of(LARGE, 7);
        assertThat(info).isEqualTo(new BlobInfo("packages/la/rg/big.whl", LARGE, expected));
        assertThat(GeneratedContent.sha256(store().get("packages/la/rg/big.whl"))).isEqualTo(expected);
        assertThat(store().stat("packages/la/rg/big.whl")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(LARGE));
    }

    @Test
    void aLargeVerifiedStreamIsStoredWithItsSha256() throws IOException {
        String sha = GeneratedContent.sha256Of(LARGE, 8);

        store().putVerified("packages/la/rg/big.whl", new GeneratedContent(LARGE, 8), sha, LARGE);

        assertThat(store().stat("packages/la/rg/big.whl")).contains(new BlobInfo("packages/la/rg/big.whl", LARGE, sha));
        assertThat(GeneratedContent.sha256(store().get("packages/la/rg/big.whl"))).isEqualTo(sha);
    }

    @Test
    void aLargeStreamWithAWrongHashLeavesNothing() throws IOException {
        String shaOfOther = GeneratedContent.sha256Of(LARGE, 9);

        assertThatThrownBy(() -> store().putVerified("packages/la/rg/big.whl", new GeneratedContent(LARGE, 10), shaOfOther, LARGE))
                .isInstanceOf(BlobIntegrityException.class);
        assertNothingStored();
    }

    @Test
    void aLargeStreamLongerThanExpectedStopsEarlyAndLeavesNothing() throws IOException {
        GeneratedContent tooLong = new GeneratedContent(LARGE + 5 * MB, 11);

        assertThatThrownBy(() -> store().putVerified("packages/la/rg/big.whl", tooLong, GeneratedContent.sha256Of(LARGE, 11), LARGE))
                .isInstanceOf(BlobIntegrityException.class);
        assertThat(tooLong.bytesRead()).isEqualTo(LARGE + 1);
        assertNothingStored();
    }

    /** A download that dies midway (connection reset) must not leave a partial object. */
    @ParameterizedTest
    @ValueSource(longs = {1000, 7L * MB})
    void aStreamFailingMidwayLeavesNothing(long failAfter) throws IOException {
        InputStream dying = new FilterInputStream(new GeneratedContent(LARGE, 13)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= failAfter) {
                    throw new IOException("connection reset (simulated)");
                }
                int n = super.read(b, off, (int) Math.min(len, failAfter - read));
                read += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> store().put("packages/la/rg/big.whl", dying)).isInstanceOf(IOException.class)
                .isNotInstanceOf(BlobIntegrityException.class).hasStackTraceContaining("simulated");
        assertNothingStored();
    }

    @Test
    void aRangeReadReturnsThoseBytes() throws IOException {
        store().put("packages/r/r/f.whl", bytes("0123456789"));

        assertThat(read(store().get("packages/r/r/f.whl", 2, 3))).isEqualTo("234");
        assertThat(read(store().get("packages/r/r/f.whl", 0, 10))).isEqualTo("0123456789");
    }

    @Test
    void aRangeBeyondTheEndReturnsFewerBytes() throws IOException {
        store().put("packages/r/r/f.whl", bytes("0123456789"));

        assertThat(read(store().get("packages/r/r/f.whl", 7, 100))).isEqualTo("789");
        assertThat(read(store().get("packages/r/r/f.whl", 10, 5))).isEmpty();
        assertThat(read(store().get("packages/r/r/f.whl", 50, 5))).isEmpty();
        assertThat(read(store().get("packages/r/r/f.whl", 3, 0))).isEmpty();
    }

    @Test
    void aRangeOfALargeObjectStreamsThatPart() throws IOException {
        store().put("packages/la/rg/big.whl", new GeneratedContent(LARGE, 12));
        byte[] all = new GeneratedContent(LARGE, 12).readNBytes((int) LARGE);

        byte[] range = store().get("packages/la/rg/big.whl", 9L * MB - 3, 2 * MB).readAllBytes();

        assertThat(range).isEqualTo(Arrays.copyOfRange(all, 9 * MB - 3, 11 * MB - 3));
    }

    @Test
    void aMissingObjectIsNoSuchBlob() throws IOException {
        assertThatThrownBy(() -> store().get("pages/ghost/1.json")).isInstanceOf(NoSuchBlobException.class)
                .hasMessageContaining("pages/ghost/1.json");
        assertThatThrownBy(() -> store().get("pages/ghost/1.json", 0, 10)).isInstanceOf(NoSuchBlobException.class);
        assertThatThrownBy(() -> store().get("pages/ghost/1.json", 0, 0)).isInstanceOf(NoSuchBlobException.class);
        assertThat(store().stat("pages/ghost/1.json")).isEmpty();
        assertThat(store().exists("pages/ghost/1.json")).isFalse();
    }

    @Test
    void aKeyPrefixIsNotAnObject() throws IOException {
        store().put("pages/numpy/7.json", bytes("x"));

        assertThat(store().stat("pages/numpy")).isEmpty();
        assertThatThrownBy(() -> store().get("pages/numpy")).isInstanceOf(NoSuchBlobException.class);
    }

    /** Adapters that offer a local file (filesystem) say so in their own suite; the rest answer empty. */
    @Test
    void aLocalPathHoldsExactlyTheObjectAndNothingOnceItIsGone() throws IOException {
        store().put("packages/lo/ca/f.whl", bytes("wheel"));
        store().put("pages/numpy/7.json", bytes("x"));

        store().localPath("packages/lo/ca/f.whl").ifPresent(file -> assertThat(file).isRegularFile().hasBinaryContent(bytes("wheel")));
        store().localPath("pages/ghost/1.json").ifPresent(file -> assertThat(file).doesNotExist());
        store().localPath("pages/numpy").ifPresent(file -> assertThat(java.nio.file.Files.isRegularFile(file)).isFalse());
        store().delete("packages/lo/ca/f.whl");
        store().localPath("packages/lo/ca/f.whl").ifPresent(file -> assertThat(file).doesNotExist());
    }

    @Test
    void deleteRemovesAndIsIdempotent() throws IOException {
        store().put("pages/numpy/7.json", bytes("x"));

        store().delete("pages/numpy/7.json");
        store().delete("pages/numpy/7.json");
        store().delete("pages/never/1.json");

        assertThat(store().stat("pages/numpy/7.json")).isEmpty();
        assertThatThrownBy(() -> store().get("pages/numpy/7.json")).isInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void listReturnsObjectsUnderAPrefixInKeyOrder() throws IOException {
        for (String key : List.of("pages/b/2.json", "pages/a/10.json", "pages/ab/1.json", "pages/a/1.json",
                "snapshots/1/index.json", "pagesx")) {
            store().put(key, bytes(key));
        }

        assertThat(store().list("pages/a")).extracting(BlobInfo::key).containsExactly("pages/a/1.json", "pages/a/10.json", "pages/ab/1.json");
        assertThat(store().list("pages/a/")).extracting(BlobInfo::key).containsExactly("pages/a/1.json", "pages/a/10.json");
        assertThat(store().list("pages/")).extracting(BlobInfo::key)
                .containsExactly("pages/a/1.json", "pages/a/10.json", "pages/ab/1.json", "pages/b/2.json");
        assertThat(store().list("")).extracting(BlobInfo::key).containsExactly("pages/a/1.json", "pages/a/10.json",
                "pages/ab/1.json", "pages/b/2.json", "pagesx", "snapshots/1/index.json");
        assertThat(store().list("pages/a/1.")).singleElement().satisfies(i -> {
            assertThat(i.key()).isEqualTo("pages/a/1.json");
            assertThat(i.size()).isEqualTo(14);
        });
        assertThat(store().list("nothing/")).isEmpty();
        assertThat(store().list("pages/zzz/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../escape", "pages/../../escape", "pages/./x", "pages//x", "pages/x/",
            "pages\\x", "pages/\u0000x", "pages/x\ny", "..", "."})
    void unsafeKeysAreRejectedEverywhere(String key) {
        assertThatThrownBy(() -> store().put(key, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().putVerified(key, new ByteArrayInputStream(bytes("x")), GeneratedContent.sha256(bytes("x")), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().get(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().get(key, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().stat(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().delete(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().localPath(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/pages", "../", "pages/../", "pages//", "a\u0001"})
    void unsafeListPrefixesAreRejected(String prefix) {
        assertThatThrownBy(() -> store().list(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentEncodedDotsAreJustCharacters() throws IOException {
        // Decoding is the HTTP layer's job; here "%2e%2e" is a literal segment, stored inside the store.
        store().put("pages/%2e%2e/x", bytes("literal"));

        assertThat(store().readAllBytes("pages/%2e%2e/x")).isEqualTo(bytes("literal"));
        assertThat(store().list("pages/")).extracting(BlobInfo::key).containsExactly("pages/%2e%2e/x");
    }

    @Test
    void concurrentWritesOfOneKeyLeaveOneCompleteObject() throws Exception {
        int writers = 4;
        int size = 256 * 1024;
        Set<String> candidates = new HashSet<>();
        for (int i = 0; i < writers; i++) {
            candidates.add(GeneratedContent.sha256Of(size + i, i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<BlobInfo>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int writer = i;
                results.add(pool.submit(() -> {
                    go.await();
                    return store().put("packages/cc/cc/same.whl", new GeneratedContent(size + writer, writer));
                }));
            }
            go.countDown();
            for (Future<BlobInfo> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        String stored = GeneratedContent.sha256(store().get("packages/cc/cc/same.whl"));
        assertThat(candidates).contains(stored);
        assertThat(store().stat("packages/cc/cc/same.whl")).hasValueSatisfying(i -> assertThat(i.sha256()).isEqualTo(stored));
        assertThat(store().list("packages/")).extracting(BlobInfo::key).containsExactly("packages/cc/cc/same.whl");
    }

    @Test
    void readersNeverSeeAHalfWrittenObject() throws Exception {
        int size = 2 * MB;
        String before = GeneratedContent.sha256Of(size, 100);
        String after = GeneratedContent.sha256Of(size + 1, 101);
        store().put("packages/dd/dd/f.whl", new GeneratedContent(size, 100));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Set<String>> seen = pool.submit((Callable<Set<String>>) () -> {
                Set<String> hashes = new HashSet<>();
                do {
                    hashes.add(GeneratedContent.sha256(store().get("packages/dd/dd/f.whl")));
                } while (writing.get());
                hashes.add(GeneratedContent.sha256(store().get("packages/dd/dd/f.whl")));
                return hashes;
            });
            for (int round = 0; round < 3; round++) {
                store().put("packages/dd/dd/f.whl", new GeneratedContent(size + 1, 101));
                store().put("packages/dd/dd/f.whl", new GeneratedContent(size, 100));
            }
            store().put("packages/dd/dd/f.whl", new GeneratedContent(size + 1, 101));
            writing.set(false);
            assertThat(seen.get(60, TimeUnit.SECONDS)).isSubsetOf(before, after).contains(after);
        } finally {
            pool.shutdownNow();
        }
    }

    void assertNothingStored() throws IOException {
        assertThat(store().stat("packages/0a/1b/f.whl")).isEmpty();
        assertThat(store().stat("packages/la/rg/big.whl")).isEmpty();
        assertThat(store().list("")).isEmpty();
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
