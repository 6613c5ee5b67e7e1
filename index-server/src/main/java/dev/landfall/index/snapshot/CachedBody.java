package dev.landfall.index.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Immutable response bytes with their strong ETag and a gzip variant (its own ETag: a strong
 * validator must differ per content-coding). The gzip variant is compressed on first use and then
 * kept, so switching to a new snapshot does not pay for compressing a PyPI-sized root index up front.
 */
public final class CachedBody {

    private final byte[] bytes;
    private final String etag;
    private final String gzipEtag;
    private volatile byte @Nullable [] gzip;

    private CachedBody(byte[] bytes, String hash) {
        this.bytes = bytes;
        this.etag = "\"" + hash + "\"";
        this.gzipEtag = "\"" + hash + "-gz\"";
    }

    public static CachedBody of(byte[] bytes) {
        return new CachedBody(bytes, sha256(bytes).substring(0, 32));
    }

    public byte[] bytes() {
        return bytes;
    }

    public String etag() {
        return etag;
    }

    public String gzipEtag() {
        return gzipEtag;
    }

    /** The gzip variant; two concurrent first calls may both compress, harmlessly (same bytes). */
    public byte[] gzip() {
        byte[] g = gzip;
        if (g == null) {
            g = compress(bytes);
            gzip = g;
        }
        return g;
    }

    /** Bytes held, counting the gzip variant at its likely size before it exists. */
    public long weight() {
        byte[] g = gzip;
        return bytes.length + (g == null ? bytes.length / 3 : g.length) + 128L;
    }

    private static byte[] compress(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
