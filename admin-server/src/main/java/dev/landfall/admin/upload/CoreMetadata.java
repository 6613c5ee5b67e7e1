package dev.landfall.admin.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The core metadata of a distribution (the file PEP 658 serves as {@code <file>.metadata}): a wheel's
 * {@code <name>-<version>.dist-info/METADATA}, an sdist's top-level {@code <dir>/PKG-INFO}; read without unpacking
 * anything to disk, bounded in size, and parsed for the fields an upload is checked against.
 *
 * @param bytes the file as stored
 */
record CoreMetadata(byte[] bytes, String name, String version, @Nullable String requiresPython) {

    static final int MAX_BYTES = 4 << 20;

    /** The metadata of a wheel or sdist, empty if it has none that can be read and parsed. */
    static Optional<CoreMetadata> read(InputStream content, String type) throws IOException {
        Optional<byte[]> raw = DistFile.WHEEL.equals(type) ? fromWheel(content) : fromSdist(content);
        return raw.flatMap(CoreMetadata::parse);
    }

    static Optional<CoreMetadata> parse(byte[] bytes) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n");
        String last = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                break;   // the body (description) follows
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                continue;   // a continuation of a multi-line field; none of the fields read here has one
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            fields.putIfAbsent(last, line.substring(colon + 1).trim());
        }
        String name = fields.get("name");
        String version = fields.get("version");
        if (name == null || name.isEmpty() || version == null || version.isEmpty() || !fields.containsKey("metadata-version")) {
            return Optional.empty();
        }
        String rp = fields.get("requires-python");
        return Optional.of(new CoreMetadata(bytes, name, version, rp == null || rp.isEmpty() ? null : rp));
    }

    private static Optional<byte[]> fromWheel(InputStream content) throws IOException {
        ZipInputStream zip = new ZipInputStream(content);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            String n = e.getName();
            if (n.endsWith(".dist-info/METADATA") && n.indexOf('/') == n.lastIndexOf('/')) {
                return bounded(zip);
            }
        }
        return Optional.empty();
    }

    /** A minimal tar reader (ustar, pax and GNU long names), enough to find {@code <dir>/PKG-INFO}. */
    private static Optional<byte[]> fromSdist(InputStream content) throws IOException {
        InputStream tar = new GZIPInputStream(content, 65536);
        byte[] header = new byte[512];
        String longName = null;
        while (readFully(tar, header)) {
            if (isZero(header)) {
                return Optional.empty();
            }
            String name = cString(header, 0, 100);
            String prefix = cString(header, 345, 155);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            if (size < 0) {
                return Optional.empty();
            }
            if (type == 'x' || type == 'L') {
                byte[] data = size <= MAX_BYTES ? readData(tar, size) : null;
                if (data == null) {
                    return Optional.empty();
                }
                longName = type == 'L' ? cString(data, 0, data.length) : paxPath(data, longName);
                continue;
            }
            String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
            longName = null;
            if ((type == '0' || type == 0) && path.endsWith("/PKG-INFO") && path.indexOf('/') == path.lastIndexOf('/')) {
                return size <= MAX_BYTES ? Optional.ofNullable(readData(tar, size)) : Optional.empty();
            }
            skip(tar, (size + 511) / 512 * 512);
        }
        return Optional.empty();
    }

    private static Optional<byte[]> bounded(InputStream in) throws IOException {
        byte[] data = in.readNBytes(MAX_BYTES + 1);
        return data.length > MAX_BYTES ? Optional.empty() : Optional.of(data);
    }

    private static byte @Nullable [] readData(InputStream in, long size) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            return null;
        }
        skip(in, (size + 511) / 512 * 512 - size);
        return data;
    }

    private static @Nullable String paxPath(byte[] data, @Nullable String previous) {
        String records = new String(data, StandardCharsets.UTF_8);
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + 5);
            }
        }
        return previous;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        return in.readNBytes(b, 0, b.length) == b.length;
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        String s = cString(b, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
