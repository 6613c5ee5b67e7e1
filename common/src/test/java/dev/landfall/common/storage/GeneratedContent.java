package dev.landfall.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A deterministic pseudo-random stream of any size that never exists as one byte[] (tests of streaming). */
final class GeneratedContent extends InputStream {

    private final long size;
    private long position;
    private long state;
    private long bytesRead;

    /** @param size bytes to produce; {@link Long#MAX_VALUE} for a practically endless stream */
    GeneratedContent(long size, long seed) {
        this.size = size;
        this.state = seed * 0x9E3779B97F4A7C15L + 1;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            b[off + i] = (byte) state;
        }
        position += n;
        bytesRead += n;
        return n;
    }

    /** How many bytes a consumer has pulled so far. */
    long bytesRead() {
        return bytesRead;
    }

    static String sha256Of(long size, long seed) throws IOException {
        return sha256(new GeneratedContent(size, seed));
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = HashingReader.sha256();
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(HashingReader.sha256().digest(bytes));
    }
}
