package dev.landfall.common.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Object storage port (docs/architecture.md#storage-layout). Adapters: a local directory and S3.
 *
 * <p>Contract shared by every adapter (one contract test suite):
 * <ul>
 *   <li>Writes stream (bounded memory whatever the size) and are atomic for readers: an object
 *       is either absent or complete, never half-written.</li>
 *   <li>{@link #put} computes sha256 and size while writing. {@link #putVerified} makes the object
 *       visible only if both match; otherwise nothing is left behind and
 *       {@link BlobIntegrityException} is thrown.</li>
 *   <li>Keys are relative, '/'-separated, without {@code ..}, empty or absolute segments;
 *       anything else is rejected with {@link IllegalArgumentException} (see {@link StorageKeys#requireSafe}).</li>
 * </ul>
 */
public interface BlobStore {

    /** Stores {@code content} under {@code key} (replacing any previous object), returning its sha256 and size. */
    BlobInfo put(String key, InputStream content) throws IOException;

    /** Convenience for small objects (pages, indexes). */
    default BlobInfo put(String key, byte[] content) throws IOException {
        return put(key, new ByteArrayInputStream(content));
    }

    /**
     * Stores {@code content} only if it has exactly {@code expectedSize} bytes and sha256
     * {@code expectedSha256} (lowercase hex); reading stops early once the size is exceeded.
     *
     * @throws BlobIntegrityException on a mismatch; no object (and no partial object) is left
     */
    BlobInfo putVerified(String key, InputStream content, String expectedSha256, long expectedSize) throws IOException;

    /** Size and, when the adapter has it recorded, sha256 of an object; empty if absent. */
    Optional<BlobInfo> stat(String key) throws IOException;

    default boolean exists(String key) throws IOException {
        return stat(key).isPresent();
    }

    /** The whole object. @throws NoSuchBlobException if absent */
    InputStream get(String key) throws IOException;

    /** {@code length} bytes from {@code offset} (fewer at the end of the object). @throws NoSuchBlobException if absent */
    InputStream get(String key, long offset, long length) throws IOException;

    /**
     * The local file holding {@code key}'s object, for adapters that keep objects as files (so a server can
     * send it zero-copy from a {@code FileChannel}); empty for adapters that do not (read with {@link #get}).
     * Only resolves the key, without I/O: the file may not exist (the object is absent or was just deleted)
     * or may be a directory (the key is a prefix), so open it and treat "no such file" as absent, and ask
     * {@link #stat} before trusting it is an object. Read-only: writing through it bypasses the contract.
     */
    Optional<Path> localPath(String key);

    default byte[] readAllBytes(String key) throws IOException {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        }
    }

    /** Deletes the object; absent is not an error. */
    void delete(String key) throws IOException;

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<BlobInfo> list(String prefix) throws IOException;
}
