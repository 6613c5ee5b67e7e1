package dev.landfall.simulator.wheel;

import dev.landfall.simulator.model.FileKind;
import dev.landfall.simulator.model.SimFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds file bytes on first request and caches small files, their PEP 658 metadata and every file's digests.
 * Large files are never held: they are streamed from a {@link LargeBlob}.
 */
public final class ContentStore {

    private final long seed;
    private final Map<String, byte[]> small = new ConcurrentHashMap<>();
    private final Map<String, byte[]> metadata = new ConcurrentHashMap<>();
    private final Map<String, Digests> digests = new ConcurrentHashMap<>();

    public ContentStore(long seed) {
        this.seed = seed;
    }

    public Digests digests(SimFile f) {
        Digests d = digests.get(f.filename());
        if (d == null) {
            d = compute(f);
            digests.putIfAbsent(f.filename(), d);
        }
        return d;
    }

    /** The bytes of a small file (not for {@link SimFile#isLarge()} files). */
    public byte[] bytes(SimFile f) {
        if (f.isLarge()) {
            throw new IllegalArgumentException(f.filename() + " is large: stream it");
        }
        return small.computeIfAbsent(f.filename(), k -> f.kind() == FileKind.SDIST
                ? SdistBuilder.sdist(f) : WheelBuilder.wheel(f));
    }

    /** The PEP 658 sidecar (the wheel's METADATA). */
    public byte[] metadata(SimFile f) {
        return metadata.computeIfAbsent(f.filename(), k -> WheelBuilder.metadata(f));
    }

    /** Writes bytes [from, to) of the file. */
    public void write(SimFile f, OutputStream out, long from, long to) throws IOException {
        if (f.isLarge()) {
            new LargeBlob(seed, f.filename(), f.largeSize()).write(out, from, to);
        } else {
            out.write(bytes(f), (int) from, (int) (to - from));
        }
    }

    private Digests compute(SimFile f) {
        MessageDigest sha256 = md("SHA-256");
        MessageDigest md5 = md("MD5");
        MessageDigest path = md("SHA-512/256");
        long size;
        if (f.isLarge()) {
            size = f.largeSize();
            OutputStream sink = new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    sha256.update(b, off, len);
                    md5.update(b, off, len);
                    path.update(b, off, len);
                }
            };
            try {
                new LargeBlob(seed, f.filename(), size).write(sink, 0, size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            byte[] b = bytes(f);
            size = b.length;
            sha256.update(b);
            md5.update(b);
            path.update(b);
        }
        HexFormat hex = HexFormat.of();
        String meta = f.hasCoreMetadata() ? hex.formatHex(md("SHA-256").digest(metadata(f))) : null;
        return new Digests(size, hex.formatHex(sha256.digest()), hex.formatHex(md5.digest()),
                hex.formatHex(path.digest()), meta);
    }

    private static MessageDigest md(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
