package dev.landfall.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Reads an upload's content in chunks while computing its sha256 and size, and never reads more
 * than {@code expectedSize + 1} bytes when a size is expected: one byte past the expected size
 * proves a mismatch, reading further would only waste bandwidth on bad content.
 */
final class HashingReader {

    private final InputStream in;
    private final MessageDigest digest;
    private final long readLimit;
    private long count;

    /** @param expectedSize the size a verified upload must have, or a negative value for unverified uploads */
    HashingReader(InputStream in, long expectedSize) {
        this.in = in;
        this.digest = sha256();
        this.readLimit = expectedSize < 0 ? Long.MAX_VALUE : expectedSize + 1;
    }

    /**
     * Fills {@code buffer[0..len)} as far as the content (and the read limit) allows.
     *
     * @return bytes read; less than {@code len} only at the end of the content or the read limit
     */
    int readChunk(byte[] buffer, int len) throws IOException {
        int wanted = (int) Math.min(len, readLimit - count);
        int n = wanted <= 0 ? 0 : in.readNBytes(buffer, 0, wanted);
        digest.update(buffer, 0, n);
        count += n;
        return n;
    }

    long count() {
        return count;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * After the last chunk: throws if a verified upload does not match (size first, since the
     * hash of truncated content is meaningless), else returns the content's sha256.
     */
    String verify(String key, @Nullable String expectedSha256, long expectedSize) throws BlobIntegrityException {
        if (expectedSha256 == null) {
            return sha256Hex();
        }
        if (count > expectedSize) {
            throw new BlobIntegrityException(key, expectedSha256, expectedSize, "(not computed: content too long)", -1);
        }
        String actual = sha256Hex();
        if (count != expectedSize || !actual.equalsIgnoreCase(expectedSha256)) {
            throw new BlobIntegrityException(key, expectedSha256, expectedSize, actual, count);
        }
        return actual;
    }

    /** True once a verified upload has read more than its expected size. */
    boolean exceeded(long expectedSize) {
        return expectedSize >= 0 && count > expectedSize;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Validates a list prefix: empty, or a key's beginning (may end with '/'). */
    static String requireSafePrefix(String prefix) {
        if (!prefix.isEmpty()) {
            StorageKeys.requireSafe(prefix + "x");
        }
        return prefix;
    }

    static void requireValidRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range: offset " + offset + ", length " + length);
        }
    }

    static void requireValidExpectation(String expectedSha256, long expectedSize) {
        if (expectedSize < 0 || !expectedSha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("expected sha256 must be 64 hex digits and size >= 0: " + expectedSha256 + ", " + expectedSize);
        }
    }
}
