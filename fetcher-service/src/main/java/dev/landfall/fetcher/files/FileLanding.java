package dev.landfall.fetcher.files;

import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobIntegrityException;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.fetcher.FetcherProperties;
import dev.landfall.fetcher.page.MirrorPage;
import dev.landfall.fetcher.page.UpstreamFile;
import dev.landfall.fetcher.upstream.FileIntegrityException;
import dev.landfall.fetcher.upstream.UpstreamClient;
import dev.landfall.fetcher.upstream.UpstreamIoException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Step 4 of the fetch protocol for one file: stream it into storage while sha256 and size are checked
 * ({@link BlobStore#putVerified}: a mismatch leaves nothing), unless it is already stored; then its PEP 658
 * sidecar where advertised, hash checked. Files are immutable (PyPI never reuses a filename), so a stored,
 * verified object never needs fetching again.
 *
 * <p>{@link #landAll} lands the files of one page concurrently: the calling project sync plus up to
 * {@value #PER_PAGE_PARALLELISM} - 1 helpers from a pool of its own. The helpers never take a permit of the
 * {@code SyncExecutor} (the project syncs may hold all of them while waiting here, which would deadlock) and never
 * wait on anything but their own download, so a busy pool only means fewer helpers: the caller works through the
 * list itself and skips helpers that have not started by the time the list is done.
 */
@Component
public class FileLanding implements DisposableBean {

    /** Files of one page landed at the same time (the project sync's own thread included). */
    static final int PER_PAGE_PARALLELISM = 8;

    private final BlobStore store;
    private final UpstreamClient upstream;
    private final FetcherMetrics metrics;
    private final String pathPrefix;
    private final long maxMetadataBytes;
    private final ThreadPoolExecutor helpers;

    public FileLanding(BlobStore store, UpstreamClient upstream, FetcherMetrics metrics, FetcherProperties properties) {
        this.store = store;
        this.upstream = upstream;
        this.metrics = metrics;
        this.pathPrefix = properties.mirrorPathPrefix();
        this.maxMetadataBytes = properties.maxMetadataSize().toBytes();
        // Half the fetch concurrency: the HTTP pool has `concurrency` connections, which the project syncs
        // themselves also use; helpers only add overlap, so they should not crowd out page fetches.
        int size = Math.max(2, properties.concurrency() / 2);
        AtomicInteger threadNumber = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            // "landfall-fetch" prefix: counted with the fetch pool by the benchmark's per-component CPU
            Thread t = new Thread(r, "landfall-fetch-files-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.helpers.allowCoreThreadTimeOut(true);
    }

    /**
     * Lands every file of a page (each as {@link #land}), in page order in the result. Returns only when no
     * download of this page is running any more; if any file fails, the first failure is thrown (after the
     * downloads in flight end) and no further file is started, so the caller never writes a page for it.
     */
    public List<MirrorPage.MirrorFile> landAll(ProjectName project, long serial, List<UpstreamFile> files) {
        int n = files.size();
        if (n <= 1) {
            return n == 0 ? List.of() : List.of(land(project, serial, files.get(0)));
        }
        MirrorPage.MirrorFile[] landed = new MirrorPage.MirrorFile[n];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                try {
                    landed[i] = land(project, serial, files.get(i));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        int helperCount = Math.min(PER_PAGE_PARALLELISM - 1, n - 1);
        CountDownLatch helpersDone = new CountDownLatch(helperCount);
        List<AtomicBoolean> claims = new ArrayList<>(helperCount);
        for (int h = 0; h < helperCount; h++) {
            AtomicBoolean claim = new AtomicBoolean();
            claims.add(claim);
            try {
                helpers.execute(() -> {
                    if (claim.compareAndSet(false, true)) {
                        try {
                            work.run();
                        } finally {
                            helpersDone.countDown();
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                break; // shutting down: the caller lands what is left itself
            }
        }
        work.run();
        // Helpers still queued are not needed any more: claim them so they do nothing, and wait only for the
        // ones that are running (each finishes its current file; none starts a new one).
        for (AtomicBoolean claim : claims) {
            if (claim.compareAndSet(false, true)) {
                helpersDone.countDown();
            }
        }
        for (int h = claims.size(); h < helperCount; h++) {
            helpersDone.countDown();
        }
        awaitUninterruptibly(helpersDone);
        Throwable e = failure.get();
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        if (e != null) {
            throw new UpstreamIoException(project, serial, "landing files: " + e, e);
        }
        return Arrays.asList(landed);
    }

    /** Downloads in flight hold temp files and connections: let them end before returning, then re-interrupt. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        helpers.shutdownNow();
    }

    /** Lands the file (and its sidecar) and returns how the mirror lists it. */
    public MirrorPage.MirrorFile land(ProjectName project, long serial, UpstreamFile file) {
        String key = StorageKeys.packageKey(file.url().getRawPath());
        long size = file.size() == null ? -1 : file.size();
        if (!storedIntact(key, file.sha256(), size)) {
            download(project, serial, file.url(), key, file.sha256(), size);
        }
        String metadataSha = file.coreMetadataSha256() == null ? null : landMetadata(project, serial, file, key);
        return new MirrorPage.MirrorFile(file, pathPrefix + "/" + key, metadataSha);
    }

    private boolean storedIntact(String key, String sha256, long size) {
        Optional<BlobInfo> info = stat(key);
        return info.isPresent() && info.get().size() == size
                && (info.get().sha256() == null || info.get().sha256().equals(sha256));
    }

    private void download(ProjectName project, long serial, URI url, String key, String sha256, long size) {
        try {
            BlobInfo stored = upstream.download(url, project, serial, (in, length) -> store.putVerified(key, in, sha256, size));
            metrics.fileDownloaded(stored.size());
        } catch (UncheckedIOException e) {
            throw integrityOrIo(project, serial, url, e);
        }
    }

    /**
     * The sidecar is small (a few KB) and its size is not on the page, so it is read whole (bounded) and stored
     * verified against the advertised hash. Returns its hash, or null if it cannot be had: then the mirror does not
     * advertise it (pip and uv fail hard on an advertised sidecar that 404s).
     */
    private @Nullable String landMetadata(ProjectName project, long serial, UpstreamFile file, String fileKey) {
        String key = StorageKeys.metadataKey(fileKey);
        String sha = file.coreMetadataSha256();
        Optional<BlobInfo> info = stat(key);
        if (info.isPresent() && (info.get().sha256() == null || info.get().sha256().equals(sha))) {
            return sha;
        }
        URI url = URI.create(file.url().toString() + StorageKeys.METADATA_SUFFIX);
        byte[] bytes;
        try {
            bytes = upstream.getSmall(url, maxMetadataBytes, project, serial);
        } catch (UncheckedIOException e) {
            throw new UpstreamIoException(project, serial, "reading " + url + ": " + e.getCause(), e.getCause());
        }
        try {
            store.putVerified(key, new ByteArrayInputStream(bytes), sha, bytes.length);
            metrics.fileDownloaded(bytes.length);
        } catch (BlobIntegrityException e) {
            metrics.hashMismatch();
            throw new FileIntegrityException(project, serial, e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha;
    }

    private Optional<BlobInfo> stat(String key) {
        try {
            return store.stat(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RuntimeException integrityOrIo(ProjectName project, long serial, URI url, UncheckedIOException e) {
        if (e.getCause() instanceof BlobIntegrityException integrity) {
            metrics.hashMismatch();
            return new FileIntegrityException(project, serial, integrity.getMessage(), integrity);
        }
        return new UpstreamIoException(project, serial, "storing " + url + ": " + e.getCause(), e.getCause());
    }
}
