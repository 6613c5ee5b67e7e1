package dev.landfall.fetcher.files;

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
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Step 4 of the fetch protocol for one file: stream it into storage while sha256 and size are checked
 * ({@link BlobStore#putVerified}: a mismatch leaves nothing), unless it is already stored; then its PEP 658
 * sidecar where advertised, hash checked. Files are immutable (PyPI never reuses a filename), so a stored,
 * verified object never needs fetching again.
 */
@Component
public class FileLanding {

    private final BlobStore store;
    private final UpstreamClient upstream;
    private final FetcherMetrics metrics;
    private final String pathPrefix;
    private final long maxMetadataBytes;

    public FileLanding(BlobStore store, UpstreamClient upstream, FetcherMetrics metrics, FetcherProperties properties) {
        this.store = store;
        this.upstream = upstream;
        this.metrics = metrics;
        this.pathPrefix = properties.mirrorPathPrefix();
        this.maxMetadataBytes = properties.maxMetadataSize().toBytes();
    }

    /** Lands the file (and its sidecar) and returns how the mirror lists it. */
    public MirrorPage.MirrorFile land(String project, long serial, UpstreamFile file) {
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

    private void download(String project, long serial, URI url, String key, String sha256, long size) {
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
    private @Nullable String landMetadata(String project, long serial, UpstreamFile file, String fileKey) {
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

    private RuntimeException integrityOrIo(String project, long serial, URI url, UncheckedIOException e) {
        if (e.getCause() instanceof BlobIntegrityException integrity) {
            metrics.hashMismatch();
            return new FileIntegrityException(project, serial, integrity.getMessage(), integrity);
        }
        return new UpstreamIoException(project, serial, "storing " + url + ": " + e.getCause(), e.getCause());
    }
}
