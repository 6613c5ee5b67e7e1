package dev.landfall.index.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Immutable response bytes with their strong ETag and a pre-compressed gzip variant (its own
 * ETag: a strong validator must differ per content-coding).
 */
public record CachedBody(byte[] bytes, byte[] gzip, String etag, String gzipEtag) {

    public static CachedBody of(byte[] bytes) {
        String hash = sha256(bytes).substring(0, 32);
        return new CachedBody(bytes, gzip(bytes), "\"" + hash + "\"", "\"" + hash + "-gz\"");
    }

    public long weight() {
        return bytes.length + gzip.length + 128L;
    }

    private static byte[] gzip(byte[] bytes) {
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
