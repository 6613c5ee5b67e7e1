package dev.landfall.common.storage;

import dev.landfall.common.storage.StorageMetrics.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Counts a {@link BlobStore}'s failures in {@link StorageMetrics} and otherwise delegates unchanged.
 * Failures while a returned stream is being read are not seen here (the caller handles those).
 */
public final class MeteredBlobStore implements BlobStore {

    private interface Call<T> {
        T run() throws IOException;
    }

    private final BlobStore delegate;
    private final StorageMetrics metrics;

    public MeteredBlobStore(BlobStore delegate, StorageMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    /** The adapter behind the meter. */
    public BlobStore delegate() {
        return delegate;
    }

    private <T> T counted(Operation operation, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (NoSuchBlobException | BlobIntegrityException | IllegalArgumentException answer) {
            throw answer;   // an absent object, a rejected hash, an unsafe key: storage worked
        } catch (IOException | RuntimeException e) {
            metrics.error(operation);
            throw e;
        }
    }

    @Override
    public BlobInfo put(String key, InputStream content) throws IOException {
        return counted(Operation.PUT, () -> delegate.put(key, content));
    }

    @Override
    public BlobInfo put(String key, byte[] content) throws IOException {
        return counted(Operation.PUT, () -> delegate.put(key, content));
    }

    @Override
    public BlobInfo putVerified(String key, InputStream content, String expectedSha256, long expectedSize) throws IOException {
        return counted(Operation.PUT, () -> delegate.putVerified(key, content, expectedSha256, expectedSize));
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        return counted(Operation.STAT, () -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) throws IOException {
        return counted(Operation.STAT, () -> delegate.exists(key));
    }

    @Override
    public InputStream get(String key) throws IOException {
        return counted(Operation.GET, () -> delegate.get(key));
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        return counted(Operation.GET, () -> delegate.get(key, offset, length));
    }

    @Override
    public Optional<Path> localPath(String key) {
        return delegate.localPath(key);
    }

    @Override
    public byte[] readAllBytes(String key) throws IOException {
        return counted(Operation.GET, () -> delegate.readAllBytes(key));
    }

    @Override
    public void delete(String key) throws IOException {
        counted(Operation.DELETE, () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return counted(Operation.LIST, () -> delegate.list(prefix));
    }
}
