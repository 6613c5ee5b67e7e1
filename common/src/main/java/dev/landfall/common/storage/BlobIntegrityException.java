package dev.landfall.common.storage;

import java.io.IOException;

/** Bytes that did not match the expected sha256 or size; nothing was stored. */
public final class BlobIntegrityException extends IOException {
    private final String key;
    private final String expectedSha256;
    private final long expectedSize;
    private final String actualSha256;
    private final long actualSize;

    public BlobIntegrityException(String key, String expectedSha256, long expectedSize, String actualSha256, long actualSize) {
        super("integrity mismatch for " + key + ": expected sha256 " + expectedSha256 + " size " + expectedSize
                + ", got sha256 " + actualSha256 + " size " + (actualSize < 0 ? "> " + expectedSize : actualSize));
        this.key = key;
        this.expectedSha256 = expectedSha256;
        this.expectedSize = expectedSize;
        this.actualSha256 = actualSha256;
        this.actualSize = actualSize;
    }

    public String key() { return key; }
    public String expectedSha256() { return expectedSha256; }
    public long expectedSize() { return expectedSize; }
    public String actualSha256() { return actualSha256; }
    /** -1 when reading stopped because the content exceeded the expected size. */
    public long actualSize() { return actualSize; }
}
