package dev.landfall.fetcher.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.fetcher.FetcherProperties;
import dev.landfall.fetcher.InMemoryBlobStore;
import dev.landfall.fetcher.page.MirrorPage;
import dev.landfall.fetcher.page.UpstreamFile;
import dev.landfall.fetcher.upstream.UpstreamClient;
import dev.landfall.fetcher.upstream.UpstreamIoException;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.Simulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** {@link FileLanding#landAll}: concurrent per page, all-or-failure, and never stuck behind a busy helper pool. */
class FileLandingIT {

    @RegisterExtension static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(5).projects(40).port(0)
            .churnPerSecond(0).build());

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InMemoryBlobStore memory = new InMemoryBlobStore();
    private UpstreamClient client;
    private FileLanding landing;

    @AfterEach
    void close() {
        if (landing != null) {
            landing.destroy();
        }
        if (client != null) {
            client.close();
        }
    }

    /** concurrency 4: a helper pool of 2. */
    private FileLanding landing(BlobStore store) {
        FetcherProperties p = new FetcherProperties("landfall-fetcher", 4, 1, 100, Duration.ofMinutes(15), 1, Duration.ofMillis(10),
                List.of(Duration.ofSeconds(1)), 1, 1, Duration.ZERO, "", DataSize.ofMegabytes(64), DataSize.ofMegabytes(1));
        UpstreamProperties up = new UpstreamProperties(URI.create(sim.baseUrl()), "landfall-test", Duration.ofSeconds(5), Duration.ofSeconds(30));
        client = new UpstreamClient(up, p);
        landing = new FileLanding(store, client, new FetcherMetrics(new SimpleMeterRegistry()), p);
        return landing;
    }

    private static List<Map.Entry<String, OracleState.OracleProject>> projectsWithFiles(int atLeast) {
        return sim.get().oracle(sim.get().lastSerial()).projects().entrySet().stream()
                .filter(e -> e.getValue().files().size() >= atLeast).toList();
    }

    private static List<UpstreamFile> filesOf(OracleState.OracleProject project) {
        return project.files().stream().map(f -> new UpstreamFile(f.filename(), URI.create(sim.baseUrl() + f.url()), f.sha256(),
                f.size(), f.requiresPython(), f.yanked(), f.yankedReason(), f.coreMetadataSha256(), f.uploadTime(), null,
                JSON.createObjectNode(), JSON.createObjectNode())).toList();
    }

    private static String key(UpstreamFile f) {
        return StorageKeys.packageKey(f.url().getRawPath());
    }

    @Test
    void landsEveryFileConcurrentlyAndListsThemInPageOrder() throws IOException {
        var project = projectsWithFiles(4).get(0);
        List<UpstreamFile> files = filesOf(project.getValue());
        Gate gate = new Gate(memory, k -> true, 0);
        List<MirrorPage.MirrorFile> landed = landing(gate).landAll(new ProjectName(project.getKey()), project.getValue().serial(), files);

        assertThat(landed).extracting(m -> m.upstream().filename()).containsExactlyElementsOf(files.stream().map(UpstreamFile::filename).toList());
        for (UpstreamFile f : files) {
            assertThat(memory.stat(key(f))).get().extracting(BlobInfo::sha256).isEqualTo(f.sha256());
            if (f.coreMetadataSha256() != null) {
                assertThat(memory.stat(StorageKeys.metadataKey(key(f)))).isPresent();
            }
        }
        assertThat(gate.maxInFlight.get()).isBetween(2, FileLanding.PER_PAGE_PARALLELISM);
        assertThat(gate.inFlight.get()).isZero();
    }

    @Test
    void aFailingFileFailsThePageAfterTheDownloadsInFlightEnd() {
        var project = projectsWithFiles(4).get(0);
        List<UpstreamFile> files = filesOf(project.getValue());
        String broken = key(files.get(1));
        Gate gate = new Gate(memory, k -> k.equals(broken), 0);
        gate.failing = true;

        assertThatThrownBy(() -> landing(gate).landAll(new ProjectName(project.getKey()), project.getValue().serial(), files))
                .isInstanceOf(UpstreamIoException.class).hasMessageContaining(broken);
        assertThat(gate.inFlight.get()).isZero(); // nothing still writing once the page is failed
        assertThat(memory.verifiedPuts.get()).isLessThan(files.size() * 2);
    }

    @Test
    void aPageIsLandedByItsOwnThreadWhileEveryHelperIsBusy() throws Exception {
        var two = projectsWithFiles(3);
        var blocked = two.get(0);
        var other = two.get(1);
        List<UpstreamFile> blockedFiles = filesOf(blocked.getValue());
        Set<String> blockedKeys = new HashSet<>(blockedFiles.stream().map(FileLandingIT::key).toList());
        Gate gate = new Gate(memory, k -> blockedKeys.contains(k.replace(StorageKeys.METADATA_SUFFIX, "")), 3);
        FileLanding landing = landing(gate);
        CompletableFuture<List<MirrorPage.MirrorFile>> first = CompletableFuture.supplyAsync(
                () -> landing.landAll(new ProjectName(blocked.getKey()), blocked.getValue().serial(), blockedFiles));
        assertThat(gate.arrived.await(30, TimeUnit.SECONDS)).as("caller and both helpers stuck on the first page").isTrue();

        List<UpstreamFile> otherFiles = filesOf(other.getValue());
        List<MirrorPage.MirrorFile> landed = CompletableFuture.supplyAsync(
                () -> landing.landAll(new ProjectName(other.getKey()), other.getValue().serial(), otherFiles)).get(60, TimeUnit.SECONDS);

        assertThat(landed).hasSize(otherFiles.size());
        assertThat(first).isNotDone(); // negative control: the first page really was holding every helper
        gate.release.countDown();
        assertThat(first.get(60, TimeUnit.SECONDS)).hasSize(blockedFiles.size());
    }

    /** A store that counts concurrent verified writes and can fail or hold the writes of chosen keys. */
    private static final class Gate implements BlobStore {
        final BlobStore delegate;
        final Predicate<String> chosen;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final CountDownLatch arrived;
        final CountDownLatch release = new CountDownLatch(1);
        final boolean holding;
        volatile boolean failing;

        Gate(BlobStore delegate, Predicate<String> chosen, int holdUntilArrived) {
            this.delegate = delegate;
            this.chosen = chosen;
            this.arrived = new CountDownLatch(holdUntilArrived);
            this.holding = holdUntilArrived > 0;
        }

        @Override
        public BlobInfo putVerified(String key, InputStream content, String expectedSha256, long expectedSize) throws IOException {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                if (chosen.test(key)) {
                    if (failing) {
                        throw new IOException("disk full writing " + key);
                    }
                    if (holding) {
                        arrived.countDown();
                        if (!release.await(60, TimeUnit.SECONDS)) {
                            throw new IOException("never released");
                        }
                    }
                }
                // a little time per write so writes of one page overlap measurably
                Thread.sleep(20);
                return delegate.putVerified(key, content, expectedSha256, expectedSize);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException());
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public BlobInfo put(String key, InputStream content) throws IOException {
            return delegate.put(key, content);
        }

        @Override
        public Optional<BlobInfo> stat(String key) throws IOException {
            return delegate.stat(key);
        }

        @Override
        public InputStream get(String key) throws IOException {
            return delegate.get(key);
        }

        @Override
        public InputStream get(String key, long offset, long length) throws IOException {
            return delegate.get(key, offset, length);
        }

        @Override
        public Optional<Path> localPath(String key) {
            return delegate.localPath(key);
        }

        @Override
        public void delete(String key) throws IOException {
            delegate.delete(key);
        }

        @Override
        public List<BlobInfo> list(String prefix) throws IOException {
            return delegate.list(prefix);
        }
    }
}
