package dev.landfall.fetcher;

import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobIntegrityException;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.NoSuchBlobException;
import dev.landfall.common.storage.StorageKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake of Landfall's own {@link BlobStore} port for tests without an object store; verifies like the adapters. */
public final class InMemoryBlobStore implements BlobStore {

    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    public final AtomicInteger verifiedPuts = new AtomicInteger();

    @Override
    public BlobInfo put(String key, InputStream content) throws IOException {
        byte[] bytes = content.readAllBytes();
        objects.put(StorageKeys.requireSafe(key), bytes);
        return new BlobInfo(key, bytes.length, sha256(bytes));
    }

    @Override
    public BlobInfo putVerified(String key, InputStream content, String expectedSha256, long expectedSize) throws IOException {
        byte[] bytes = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, expectedSize + 1));
        String sha = sha256(bytes);
        if (bytes.length != expectedSize || !sha.equals(expectedSha256)) {
            throw new BlobIntegrityException(key, expectedSha256, expectedSize, sha, bytes.length > expectedSize ? -1 : bytes.length);
        }
        verifiedPuts.incrementAndGet();
        objects.put(StorageKeys.requireSafe(key), bytes);
        return new BlobInfo(key, bytes.length, sha);
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        byte[] b = objects.get(key);
        return b == null ? Optional.empty() : Optional.of(new BlobInfo(key, b.length, sha256(b)));
    }

    @Override
    public InputStream get(String key) throws IOException {
        byte[] b = objects.get(key);
        if (b == null) {
            throw new NoSuchBlobException(key);
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public Optional<Path> localPath(String key) {
        StorageKeys.requireSafe(key);
        return Optional.empty();
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        byte[] b = objects.get(key);
        if (b == null) {
            throw new NoSuchBlobException(key);
        }
        int from = (int) Math.min(offset, b.length);
        return new ByteArrayInputStream(b, from, (int) Math.min(length, b.length - from));
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        return objects.subMap(prefix, prefix + Character.MAX_VALUE).entrySet().stream()
                .map(e -> new BlobInfo(e.getKey(), e.getValue().length, sha256(e.getValue()))).toList();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
