package dev.landfall.common.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * {@link BlobStore} on any S3-compatible server (AWS SDK v2, synchronous client).
 *
 * <p>Streaming with bounded memory: content is read one part ({@value #DEFAULT_PART_SIZE} bytes by
 * default) at a time. Content that fits in one part becomes a single {@code PutObject}, sent only
 * after it was verified, so a mismatch is never visible. Larger content becomes a multipart upload,
 * each part sent as it is read; it is completed only if size and sha256 match, otherwise aborted. An
 * incomplete multipart upload is never visible to readers.
 *
 * <p>The sha256 is stored as user metadata ({@code x-amz-meta-sha256}) so {@link #stat} returns it
 * without re-reading the object. For unverified multipart puts the hash is only known at the end,
 * after the metadata was fixed, so {@code stat} reports none for those (only verified puts need it).
 * SDK exceptions are reported as {@link IOException}s so callers handle storage faults in one way.
 */
public final class S3BlobStore implements BlobStore {

    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** S3's minimum size of every part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    static final String SHA256_METADATA = "sha256";

    private final S3Client s3;
    private final String bucket;
    private final int partSize;

    public S3BlobStore(S3Client s3, String bucket) {
        this(s3, bucket, DEFAULT_PART_SIZE);
    }

    /** @param partSize bytes buffered per upload part (memory per concurrent upload), at least {@value #MIN_PART_SIZE} */
    public S3BlobStore(S3Client s3, String bucket, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts must be at least " + MIN_PART_SIZE + " bytes: " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public BlobInfo put(String key, InputStream content) throws IOException {
        return upload(StorageKeys.requireSafe(key), content, null, -1);
    }

    @Override
    public BlobInfo put(String key, byte[] content) throws IOException {
        if (content.length >= partSize) {
            return put(key, new ByteArrayInputStream(content));
        }
        StorageKeys.requireSafe(key);
        String sha256 = HexFormat.of().formatHex(sha256(content));
        call(key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) content.length)
                .metadata(Map.of(SHA256_METADATA, sha256)), RequestBody.fromBytes(content)));
        return new BlobInfo(key, content.length, sha256);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public BlobInfo putVerified(String key, InputStream content, String expectedSha256, long expectedSize) throws IOException {
        HashingReader.requireValidExpectation(expectedSha256, expectedSize);
        return upload(StorageKeys.requireSafe(key), content, expectedSha256, expectedSize);
    }

    private BlobInfo upload(String key, InputStream content, @Nullable String expectedSha256, long expectedSize) throws IOException {
        HashingReader reader = new HashingReader(content, expectedSize);
        // A verified upload reads at most expectedSize + 1 bytes, so a small file needs only that much
        // buffer: many concurrent small downloads must not each hold a whole part (8 MiB) of heap.
        int bufferSize = expectedSize >= 0 && expectedSize < partSize ? (int) expectedSize + 1 : partSize;
        byte[] buffer = new byte[bufferSize];
        int first = reader.readChunk(buffer, partSize);
        if (first < partSize) {
            String sha256 = reader.verify(key, expectedSha256, expectedSize);
            call(key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) first)
                            .metadata(Map.of(SHA256_METADATA, sha256)),
                    RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, first), first)));
            return new BlobInfo(key, first, sha256);
        }
        return multipartUpload(key, reader, buffer, expectedSha256, expectedSize);
    }

    private BlobInfo multipartUpload(String key, HashingReader reader, byte[] buffer, @Nullable String expectedSha256,
                                     long expectedSize) throws IOException {
        // A verified upload knows its hash up front; an unverified one cannot label itself (see class doc).
        Map<String, String> metadata = expectedSha256 == null ? Map.of() : Map.of(SHA256_METADATA, expectedSha256.toLowerCase(Locale.ROOT));
        String uploadId = call(key, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata))).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int n = partSize; // the first part is already in the buffer
            while (n > 0 && !reader.exceeded(expectedSize)) {
                int partNumber = parts.size() + 1;
                int length = n;
                UploadPartResponse part = call(key, () -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                                .partNumber(partNumber).contentLength((long) length),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)));
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(part.eTag()).build());
                n = reader.readChunk(buffer, partSize);
            }
            String sha256 = reader.verify(key, expectedSha256, expectedSize);
            call(key, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts))));
            completed = true;
            return new BlobInfo(key, reader.count(), sha256);
        } finally {
            if (!completed) {
                abort(key, uploadId);
            }
        }
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // The upload was never completed, so nothing is visible; an unaborted upload only costs
            // storage until the bucket's lifecycle rule for incomplete multipart uploads removes it.
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        StorageKeys.requireSafe(key);
        HeadObjectResponse head;
        try {
            head = call(key, () -> s3.headObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchBlobException e) {
            return Optional.empty();
        }
        String sha256 = head.metadata().get(SHA256_METADATA);
        return Optional.of(new BlobInfo(key, head.contentLength(), sha256 == null || sha256.isEmpty() ? null : sha256));
    }

    @Override
    public InputStream get(String key) throws IOException {
        StorageKeys.requireSafe(key);
        return call(key, () -> s3.getObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        StorageKeys.requireSafe(key);
        HashingReader.requireValidRange(offset, length);
        if (length == 0) {
            stat(key).orElseThrow(() -> new NoSuchBlobException(key));
            return InputStream.nullInputStream();
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        try {
            return call(key, () -> s3.getObject(b -> b.bucket(bucket).key(key).range(range)));
        } catch (RangeNotSatisfiableException e) {
            return InputStream.nullInputStream(); // the object exists but ends before offset
        }
    }

    /** Objects live in the bucket, never as local files: readers stream them with {@link #get}. */
    @Override
    public Optional<Path> localPath(String key) {
        StorageKeys.requireSafe(key);
        return Optional.empty();
    }

    @Override
    public void delete(String key) throws IOException {
        StorageKeys.requireSafe(key);
        call(key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        HashingReader.requireSafePrefix(prefix);
        // ListObjectsV2 returns keys in UTF-8 binary order: the contract's key order for our ASCII keys.
        List<BlobInfo> found = new ArrayList<>();
        call(prefix, () -> {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                found.add(new BlobInfo(object.key(), object.size(), null));
            }
            return found;
        });
        return found;
    }

    /** Runs one S3 call, mapping a missing key to {@link NoSuchBlobException} and other SDK failures to {@link IOException}. */
    private <T> T call(String key, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (NoSuchKeyException e) {
            throw new NoSuchBlobException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                throw new NoSuchBlobException(key);
            }
            if (e.statusCode() == 416) {
                throw new RangeNotSatisfiableException(e);
            }
            throw new IOException("S3 " + errorCode(e) + " (HTTP " + e.statusCode() + ") for " + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 request for " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static @Nullable String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run() throws IOException;
    }

    private static final class RangeNotSatisfiableException extends IOException {
        RangeNotSatisfiableException(Throwable cause) {
            super(cause);
        }
    }
}
