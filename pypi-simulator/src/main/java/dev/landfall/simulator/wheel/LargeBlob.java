package dev.landfall.simulator.wheel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;

/**
 * A large file's bytes: pseudo-random, generated block by block from (seed, filename, block index), so any range
 * can be streamed without holding the file in memory.
 */
final class LargeBlob {

    static final int BLOCK = 64 * 1024;

    private final long fileSeed;
    private final long size;

    LargeBlob(long seed, String filename, long size) {
        this.fileSeed = seed * 0x9E3779B97F4A7C15L ^ filename.hashCode() * 0xC2B2AE3D27D4EB4FL;
        this.size = size;
    }

    /** Writes bytes [from, to) to {@code out}. */
    void write(OutputStream out, long from, long to) throws IOException {
        byte[] block = new byte[BLOCK];
        long b = from / BLOCK;
        long pos = from;
        while (pos < to) {
            fill(block, b);
            int off = (int) (pos - b * BLOCK);
            int len = (int) Math.min(BLOCK - off, Math.min(to, size) - pos);
            out.write(block, off, len);
            pos += len;
            b++;
        }
    }

    private void fill(byte[] block, long index) {
        SplittableRandom r = new SplittableRandom(fileSeed + index * 0x632BE59BD9B4E019L);
        for (int i = 0; i < BLOCK; i += 8) {
            long v = r.nextLong();
            for (int k = 0; k < 8; k++) {
                block[i + k] = (byte) (v >>> (8 * k));
            }
        }
    }
}
